package dev.philjs.core.sync;

/**
 * Combines two values of a shared signal that were written concurrently on different
 * instances, so that neither write is lost (instead of the last writer winning).
 *
 * <p>
 * A merge must be a <em>join</em>: commutative ({@code merge(a, b)} equals
 * {@code merge(b, a)}), associative, and idempotent ({@code merge(a, a)} equals
 * {@code a}), with values compared by {@code equals}. Then every instance that has seen
 * the same writes holds the same value, whatever order they arrived in. A set union is
 * one; "the union, in a fixed order, keeping the last N" is another (a chat log). A write
 * that removes something does not survive a merge with a value that still has it, so a
 * merged value can only grow (in its order) unless every instance agrees. Values must
 * also be equal after a round through the channel's codec to what they were before it
 * (records of strings, numbers and instants are), or instances would keep writing joins
 * that never compare equal.
 *
 * <p>
 * Thread safety: called from any thread, possibly concurrently, under the graph lock: it
 * must be a pure function of its arguments, fast, and must not read or write signals.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
@FunctionalInterface
public interface Merge<T> {

	/**
	 * Joins two values.
	 * @param local the value of this instance
	 * @param remote the value of a change from another instance
	 * @return the join of both, equal to {@code remote} when it already holds everything
	 * of {@code local}
	 */
	T merge(T local, T remote);

}
