package dev.philjs.core;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A readable reactive value: a {@link Signal} or a {@link Memo}.
 *
 * <p>
 * Thread safety: every method may be called from any thread. Reads are linearizable with
 * writes: a read that starts after a write returned sees that write or a later one, and
 * never sees a value written inside a {@link Reactive#batch(Runnable) batch} of another
 * thread before that batch ends.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public interface ReadSignal<T> extends Supplier<T> {

	/**
	 * Returns the current value and, when called inside a memo or an effect, records a
	 * dependency on this node. A stale memo is recomputed first; a memo whose computation
	 * threw rethrows that exception.
	 * @return the current value
	 * @throws CycleDetectedException if a memo reads itself, directly or through other
	 * memos
	 */
	@Override
	T get();

	/**
	 * Returns the current value without recording a dependency. A stale memo is
	 * recomputed first.
	 * @return the current value
	 */
	T peek();

	/**
	 * Calls {@code listener} now, on the calling thread, with the current value, and then
	 * after each change, synchronously on the writing thread before the write returns.
	 * The listener runs untracked: signals it reads do not become dependencies of
	 * anything.
	 * @param listener the listener
	 * @return the subscription; close it to stop
	 */
	Subscription subscribe(Consumer<? super T> listener);

	/**
	 * Delivers the current value and every later change to {@code listener} on
	 * {@code executor}, one delivery at a time and in order. When the listener falls
	 * behind, intermediate values are dropped and it receives the latest one
	 * (conflation). A slow listener never blocks writers; {@code executor.execute} is
	 * called at most once per burst and must not block.
	 * @param listener the listener
	 * @param executor where the listener runs
	 * @return the subscription; close it to stop
	 */
	Subscription subscribe(Consumer<? super T> listener, Executor executor);

	/**
	 * Returns the debug name of this node, used in {@link #toString()} and in error
	 * messages.
	 * @return the name given at creation, or a generated one
	 */
	String name();

}
