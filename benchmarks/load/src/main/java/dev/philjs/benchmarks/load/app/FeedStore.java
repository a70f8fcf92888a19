package dev.philjs.benchmarks.load.app;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.Writable;

/**
 * The store every subscriber of the fan-out scenarios watches.
 *
 * @since 0.1.0
 */
@PhilStore(name = "feed", shared = true)
public class FeedStore extends Store {

	@Writable
	final Signal<Tick> tick = signal("tick", new Tick(0, ""));

	/**
	 * Publishes a tick (what a signal write does, as an action call).
	 * @param sent the sender's clock
	 * @param payload filler text
	 * @return {@code sent}
	 */
	@Action
	public long publish(long sent, String payload) {
		this.tick.set(new Tick(sent, payload));
		return sent;
	}

	/**
	 * Publishes a tick stamped with this process's {@code System.nanoTime()} at the
	 * write: every process on the machine reads the same monotonic clock, so a client's
	 * receipt minus the stamp is the time from the {@code set} itself, without the HTTP
	 * request that carried the write.
	 * @param payload filler text
	 * @return the stamp
	 */
	@Action
	public long stamp(String payload) {
		long now = System.nanoTime();
		this.tick.set(new Tick(now, payload));
		return now;
	}

}
