package dev.philjs.core.sync;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a replica of a shared value does with a change from another instance: the rule
 * shared by {@link SharedSignal} and the Spring starter's store sync.
 *
 * <p>
 * Without a {@link Merge}, it is last-writer-wins: a change is adopted if its (version,
 * origin) is greater than the replica's. With one, the replica joins its value with the
 * change's: if the join is the change's value, it adopts the change when it is greater
 * (and otherwise writes that value anew, with a greater version, since its own newer
 * write lacked something); if the join is the replica's own value and the change is
 * greater, it republishes its value with a greater version, because the instances that
 * adopted the change lack what only this replica has; otherwise it writes the join as a
 * new local value. Since the merge is a join and every instance ends up seeing the
 * greatest change, the greatest change converges to the join of every value written (as
 * long as the instance that alone holds a value lives to republish it).
 *
 * <p>
 * Thread safety: a pure function; call it under the lock that guards the replica's value
 * and version.
 *
 * @since 0.1.0
 */
public final class Convergence {

	private Convergence() {
	}

	/**
	 * Decides what to do with a remote change.
	 * @param <T> the type of the value
	 * @param local the replica's value
	 * @param version the version of the replica's value
	 * @param origin the origin of the replica's value
	 * @param change the change
	 * @param remote the change's value, decoded
	 * @param merge the merge, or {@code null} for last-writer-wins
	 * @return the step to take
	 */
	public static <T> Step<T> receive(@Nullable T local, long version, String origin, Change change, @Nullable T remote,
			@Nullable Merge<T> merge) {
		boolean newer = change.isNewerThan(version, origin);
		if (merge == null) {
			return newer ? new Step<>(Action.ADOPT, remote, change.version()) : Step.ignore();
		}
		T joined = merge.merge(local, remote);
		long highest = Math.max(version, change.version());
		if (Objects.equals(joined, remote)) {
			if (newer) {
				return new Step<>(Action.ADOPT, remote, change.version());
			}
			return Objects.equals(local, remote) ? Step.ignore() : new Step<>(Action.WRITE, joined, highest);
		}
		if (Objects.equals(joined, local)) {
			return newer ? new Step<>(Action.REPUBLISH, local, highest) : Step.ignore();
		}
		return new Step<>(Action.WRITE, joined, highest);
	}

	/** What the replica does. */
	public enum Action {

		/** Nothing: the replica already holds everything of the change. */
		IGNORE,

		/**
		 * Takes the change's value, version and origin as they are; publishes nothing.
		 */
		ADOPT,

		/**
		 * Sets {@link Step#value()} as a local write: version {@link Step#version()} + 1,
		 * this instance's origin, published.
		 */
		WRITE,

		/**
		 * Keeps the value and publishes it again with version {@link Step#version()} + 1
		 * and this instance's origin.
		 */
		REPUBLISH

	}

	/**
	 * One decision.
	 *
	 * @param <T> the type of the value
	 * @param action what to do
	 * @param value the value to hold afterwards
	 * @param version for {@link Action#ADOPT}, the change's version; for
	 * {@link Action#WRITE} and {@link Action#REPUBLISH}, the highest version seen (the
	 * write takes the next one)
	 */
	public record Step<T>(Action action, @Nullable T value, long version) {

		static <T> Step<T> ignore() {
			return new Step<>(Action.IGNORE, null, 0);
		}

	}

}
