package dev.philjs.core.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.philjs.core.Subscription;

/**
 * A test channel standing for an unreliable network: published changes wait in a buffer
 * and are delivered when the test says so, in random order, some of them twice.
 */
final class ShufflingChannel implements Channel {

	private final Map<String, List<Consumer<Change>>> listeners = new ConcurrentHashMap<>();

	private final List<Change> buffer = new ArrayList<>();

	private final List<Change> published = new CopyOnWriteArrayList<>();

	private final Map<String, Change> greatest = new HashMap<>();

	private final boolean dropsLosers;

	/** A channel that delivers every published change. */
	ShufflingChannel() {
		this(false);
	}

	/**
	 * A channel that, if {@code dropsLosers}, drops a change that is not greater than the
	 * greatest one published before it for its key, as the Redis channel's publication
	 * script does (the loser is never delivered).
	 */
	ShufflingChannel(boolean dropsLosers) {
		this.dropsLosers = dropsLosers;
	}

	@Override
	public void publish(Change change) {
		this.published.add(change);
		synchronized (this.buffer) {
			Change best = this.greatest.get(change.key());
			if (best == null || change.isNewerThan(best.version(), best.origin())) {
				this.greatest.put(change.key(), change);
			}
			else if (this.dropsLosers) {
				return;
			}
			this.buffer.add(change);
		}
	}

	@Override
	public Subscription subscribe(String key, Consumer<Change> listener) {
		List<Consumer<Change>> list = this.listeners.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>());
		list.add(listener);
		return new Subscription() {

			@Override
			public void close() {
				list.remove(listener);
			}

			@Override
			public boolean isActive() {
				return list.contains(listener);
			}

		};
	}

	@Override
	public Optional<Change> latest(String key) {
		return Optional.empty();
	}

	List<Change> published() {
		return this.published;
	}

	/**
	 * Delivers one random buffered change to every listener, and sometimes keeps it to
	 * deliver again.
	 */
	boolean deliverOne(Random random) {
		Change change;
		synchronized (this.buffer) {
			if (this.buffer.isEmpty()) {
				return false;
			}
			int i = random.nextInt(this.buffer.size());
			change = (random.nextInt(4) == 0) ? this.buffer.get(i) : this.buffer.remove(i);
		}
		for (Consumer<Change> listener : this.listeners.getOrDefault(change.key(), List.of())) {
			listener.accept(change);
		}
		return true;
	}

	void deliverAll(Random random) {
		while (deliverOne(random)) {
			// keep going
		}
	}

}
