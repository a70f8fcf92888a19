package dev.philjs.core;

import java.util.function.UnaryOperator;

/**
 * A writable reactive value. Writes that are equal to the current value (by the signal's
 * equality, {@link java.util.Objects#equals} by default) change nothing and notify
 * nobody.
 *
 * <p>
 * Thread safety: every method may be called from any thread. All writes to the graph have
 * one total order; when {@link #set} returns outside a batch, every effect that depends
 * on this signal has run with the new value or a later one.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public interface Signal<T> extends ReadSignal<T> {

	/**
	 * Sets the value and runs the effects that depend on it (at the end of the outermost
	 * batch when called inside one).
	 * @param value the new value
	 * @throws CycleDetectedException if the effects keep writing to each other's
	 * dependencies past the configured limit of flush passes
	 */
	void set(T value);

	/**
	 * Atomically replaces the value with {@code fn} applied to the current value. No
	 * other write to the graph can happen between the read and the write, so N threads
	 * each doing M increments end at N*M. {@code fn} runs untracked and should be short
	 * and pure.
	 * @param fn computes the new value from the current one
	 * @return the new value
	 */
	T update(UnaryOperator<T> fn);

	/**
	 * Returns a read-only view of this signal that cannot be cast back to a writable one.
	 * @return the read-only view
	 */
	ReadSignal<T> asReadOnly();

}
