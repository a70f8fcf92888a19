package dev.philjs.core.sync;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A count that several instances add to and take from at the same time without losing any
 * of it (a PN-counter): each replica counts what it added and what it took in its own
 * entry, and the total is every replica's additions minus every replica's removals. Two
 * tallies are merged entry by entry, keeping the greater count of each
 * ({@link Merges.Counter}), so a replica's entry only grows and each addition is counted
 * once, whatever order the tallies meet in and however often.
 *
 * <p>
 * Only the replica that owns an entry may raise it: one replica writing under another's
 * name loses counts. A replica is usually one store instance ({@link Merges.Counter}
 * makes a random id for each); so each start of a service adds an entry, and the tally
 * grows by one entry per replica that ever counted.
 *
 * <p>
 * Thread safety: immutable; every method may be called from any thread.
 *
 * @param added what each replica added, by replica id (never negative)
 * @param taken what each replica took away, by replica id (never negative)
 * @since 0.1.0
 */
public record Tally(Map<String, Long> added, Map<String, Long> taken) {

	/** The empty tally: nothing added, nothing taken, a total of 0. */
	public static final Tally ZERO = new Tally(Map.of(), Map.of());

	/**
	 * Creates a tally from its entries (copied, in the order of their ids, so that its
	 * JSON form is the same on every instance; entries of 0 are left out).
	 * @param added what each replica added
	 * @param taken what each replica took away
	 * @throws NullPointerException if a map, an id or a count is {@code null}
	 * @throws IllegalArgumentException if a count is negative or an id is blank
	 */
	public Tally {
		added = checked(added, "added");
		taken = checked(taken, "taken");
	}

	private static Map<String, Long> checked(Map<String, Long> entries, String name) {
		Objects.requireNonNull(entries, () -> name + " must not be null");
		TreeMap<String, Long> copy = new TreeMap<>();
		entries.forEach((replica, count) -> {
			Objects.requireNonNull(replica, () -> name + ": a replica id must not be null");
			Objects.requireNonNull(count, () -> name + ": the count of '" + replica + "' must not be null");
			if (replica.isBlank()) {
				throw new IllegalArgumentException(name + ": a replica id must not be blank");
			}
			if (count < 0) {
				throw new IllegalArgumentException(
						name + ": the count of '" + replica + "' must not be negative, was " + count);
			}
			if (count > 0) {
				copy.put(replica, count);
			}
		});
		return Collections.unmodifiableSortedMap(copy);
	}

	/**
	 * Returns the total: every addition minus every removal.
	 * @return the total
	 * @throws ArithmeticException if it does not fit in a {@code long}
	 */
	public long total() {
		return Math.subtractExact(sum(this.added), sum(this.taken));
	}

	private static long sum(Map<String, Long> entries) {
		long sum = 0;
		for (long count : entries.values()) {
			sum = Math.addExact(sum, count);
		}
		return sum;
	}

	/**
	 * Returns this tally with {@code delta} counted for one replica: added if positive,
	 * taken if negative.
	 * @param replica the id of the replica that counts, which must be the caller's own
	 * @param delta how much to add (or, negative, to take)
	 * @return the new tally, or this one if {@code delta} is 0
	 * @throws IllegalArgumentException if the replica id is blank
	 * @throws ArithmeticException if the replica's count overflows
	 */
	public Tally add(String replica, long delta) {
		Objects.requireNonNull(replica, "replica must not be null");
		if (replica.isBlank()) {
			throw new IllegalArgumentException("replica must not be blank");
		}
		if (delta == 0) {
			return this;
		}
		if (delta > 0) {
			return new Tally(raised(this.added, replica, delta), this.taken);
		}
		if (delta == Long.MIN_VALUE) {
			throw new ArithmeticException("delta out of range: " + delta);
		}
		return new Tally(this.added, raised(this.taken, replica, -delta));
	}

	private static Map<String, Long> raised(Map<String, Long> entries, String replica, long by) {
		TreeMap<String, Long> copy = new TreeMap<>(entries);
		copy.merge(replica, by, Math::addExact);
		return copy;
	}

	/**
	 * Returns whether this tally holds every count of another one (each of its entries is
	 * at least as great).
	 * @param other the other tally
	 * @return whether merging {@code other} into this one changes nothing
	 */
	public boolean covers(Tally other) {
		return covers(this.added, other.added) && covers(this.taken, other.taken);
	}

	private static boolean covers(Map<String, Long> mine, Map<String, Long> theirs) {
		for (Map.Entry<String, Long> entry : theirs.entrySet()) {
			if (mine.getOrDefault(entry.getKey(), 0L) < entry.getValue()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns the join of two tallies: of each replica's entry, the greater count.
	 * @param other the other tally
	 * @return the join, this tally if it covers {@code other}, or {@code other} if it
	 * covers this one
	 */
	public Tally join(Tally other) {
		if (covers(other)) {
			return this;
		}
		if (other.covers(this)) {
			return other;
		}
		return new Tally(greater(this.added, other.added), greater(this.taken, other.taken));
	}

	private static Map<String, Long> greater(Map<String, Long> a, Map<String, Long> b) {
		TreeMap<String, Long> join = new TreeMap<>(a);
		b.forEach((replica, count) -> join.merge(replica, count, Math::max));
		return join;
	}

}
