package dev.philjs.core.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Ready-made {@link Merge merges}, each a join (commutative, associative, idempotent),
 * for the shapes of shared state that are usually appended to or raised: a log (a chat, a
 * feed), a list of entries that are edited and removed, a set, the greatest value, a
 * count. Their classes are public and can be extended with a no-argument constructor,
 * which is what the Spring starter's {@code @MergeWith} needs:
 *
 * <pre>{@code
 * public static final class ChatLog extends Merges.Log<Message> {
 *     public ChatLog() { super(Message::id, Comparator.comparing(Message::at), 100); }
 * }
 * }</pre>
 *
 * <p>
 * Thread safety: every merge here is immutable and may be used from any thread.
 *
 * @since 0.1.0
 */
public final class Merges {

	private Merges() {
	}

	/**
	 * Returns a log merge: see {@link Log}.
	 * @param <T> the type of the entries
	 * @param id identifies an entry
	 * @param order the order of the entries, oldest first
	 * @param keep how many of the newest entries are kept
	 * @return the merge
	 */
	public static <T> Log<T> log(Function<? super T, ?> id, Comparator<? super T> order, int keep) {
		return new Log<>(id, order, keep);
	}

	/**
	 * Returns a merge that keeps the latest revision of each entry: see {@link Latest}.
	 * @param <T> the type of the entries
	 * @param id identifies an entry
	 * @param revision orders the revisions of one entry, oldest first
	 * @param order the order of the list, first first
	 * @return the merge
	 */
	public static <T> Latest<T> latest(Function<? super T, ?> id, Comparator<? super T> revision,
			Comparator<? super T> order) {
		return new Latest<>(id, revision, order);
	}

	/**
	 * Returns a union merge: see {@link Union}.
	 * @param <T> the type of the elements
	 * @return the merge
	 */
	public static <T> Union<T> union() {
		return new Union<>();
	}

	/**
	 * Returns a merge that keeps the greater value: see {@link Max}.
	 * @param <T> the type of the value
	 * @param order the order of the values, total and consistent with {@code equals}
	 * @return the merge
	 */
	public static <T> Max<T> max(Comparator<? super T> order) {
		return new Max<>(order);
	}

	/**
	 * Returns a counter merge with a random replica id: see {@link Counter}.
	 * @return the merge
	 */
	public static Counter counter() {
		return new Counter();
	}

	/**
	 * Every entry of two lists once per id (of two with one id, the greater by
	 * {@code settle}), sorted by {@code order}, the last {@code keep} of them.
	 */
	private static <T> List<T> lastPerId(List<T> a, List<T> b, Function<? super T, ?> id, Comparator<T> settle,
			Comparator<T> order, int keep) {
		Map<Object, T> byId = new HashMap<>();
		for (List<T> entries : List.of(a, b)) {
			for (T entry : entries) {
				Object key = Objects.requireNonNull(id.apply(entry), "an entry's id must not be null");
				byId.merge(key, entry, (x, y) -> (settle.compare(x, y) >= 0) ? x : y);
			}
		}
		List<T> all = new ArrayList<>(byId.values());
		all.sort(order);
		return List.copyOf(all.subList(Math.max(0, all.size() - keep), all.size()));
	}

	/** The order of a list of entries with ids: the given order, then the id as text. */
	private static <T> Comparator<T> byOrderThenId(Comparator<? super T> order, Function<? super T, ?> id) {
		Objects.requireNonNull(order, "order must not be null");
		Comparator<T> byOrder = order::compare;
		return byOrder.thenComparing((entry) -> String.valueOf(id.apply(entry)));
	}

	private static int checkKeep(int keep) {
		if (keep < 1) {
			throw new IllegalArgumentException("keep must be at least 1, was " + keep);
		}
		return keep;
	}

	/**
	 * A log: every entry of both lists, one per id, sorted by the order (then by id, as
	 * text), the newest {@code keep} of them. Two entries with one id but different
	 * contents (which a log should never hold) are settled the same way on every
	 * instance: the greater by the order, then by text, stays.
	 *
	 * @param <T> the type of the entries
	 */
	public static class Log<T> implements Merge<List<T>> {

		private final Function<? super T, ?> id;

		private final Comparator<T> order;

		/** Settles two entries with one id: the greater by the order, then by text. */
		private final Comparator<T> settle;

		private final int keep;

		/**
		 * Creates a log merge.
		 * @param id identifies an entry; never {@code null}
		 * @param order the order of the entries, oldest first
		 * @param keep how many of the newest entries are kept, at least 1
		 * @throws IllegalArgumentException if {@code keep} is less than 1
		 */
		public Log(Function<? super T, ?> id, Comparator<? super T> order, int keep) {
			this.id = Objects.requireNonNull(id, "id must not be null");
			this.order = byOrderThenId(order, id);
			this.settle = this.order.thenComparing(String::valueOf);
			this.keep = checkKeep(keep);
		}

		@Override
		public List<T> merge(List<T> local, List<T> remote) {
			return lastPerId(local, remote, this.id, this.settle, this.order, this.keep);
		}

		/**
		 * Adds one entry to a log, as a local write does (the same as merging it in).
		 * @param log the log
		 * @param entry the new entry
		 * @return the new log
		 */
		public List<T> append(List<T> log, T entry) {
			return merge(log, List.of(entry));
		}

	}

	/**
	 * Entries that are edited and removed, not only added (a todo list): of each id, the
	 * greatest revision of both lists stays (two different entries with one revision are
	 * settled by their text, the same way on every instance), sorted by the order (then
	 * by id, as text). An edit makes a new revision of the entry; a removal must be kept
	 * as an entry too (a tombstone: a newer revision marked removed, which readers skip),
	 * since an entry simply left out would come back from any instance that still has it.
	 * Tombstones are never dropped by the merge, unless it keeps only the last N entries
	 * (tombstones included).
	 *
	 * @param <T> the type of the entries
	 */
	public static class Latest<T> implements Merge<List<T>> {

		private final Function<? super T, ?> id;

		private final Comparator<T> revision;

		private final Comparator<T> order;

		private final int keep;

		/**
		 * Creates the merge, which keeps every entry.
		 * @param id identifies an entry; never {@code null}
		 * @param revision orders the revisions of one entry, oldest first
		 * @param order the order of the list
		 */
		public Latest(Function<? super T, ?> id, Comparator<? super T> revision, Comparator<? super T> order) {
			this(id, revision, order, Integer.MAX_VALUE);
		}

		/**
		 * Creates the merge, which keeps the last {@code keep} entries of the list,
		 * tombstones included (the newest, when the order is by creation time): for lists
		 * that are appended to without end, such as notifications that are dismissed, so
		 * that neither entries nor tombstones pile up. The order must be the same for
		 * every revision of an entry (a creation time, not an edit time), or instances
		 * could keep different entries.
		 * @param id identifies an entry; never {@code null}
		 * @param revision orders the revisions of one entry, oldest first
		 * @param order the order of the list; the same for every revision of an entry
		 * @param keep how many of the last entries are kept, at least 1
		 * @throws IllegalArgumentException if {@code keep} is less than 1
		 */
		public Latest(Function<? super T, ?> id, Comparator<? super T> revision, Comparator<? super T> order,
				int keep) {
			this.id = Objects.requireNonNull(id, "id must not be null");
			Objects.requireNonNull(revision, "revision must not be null");
			Comparator<T> byRevision = revision::compare;
			this.revision = byRevision.thenComparing(String::valueOf);
			this.order = byOrderThenId(order, id);
			this.keep = checkKeep(keep);
		}

		@Override
		public List<T> merge(List<T> local, List<T> remote) {
			return lastPerId(local, remote, this.id, this.revision, this.order, this.keep);
		}

		/**
		 * Puts a new entry, or a new revision of one, into a list, as a local write does
		 * (the same as merging it in).
		 * @param list the list
		 * @param entry the entry
		 * @return the new list
		 */
		public List<T> put(List<T> list, T entry) {
			return merge(list, List.of(entry));
		}

	}

	/**
	 * A set union: every element of both sets (an unmodifiable set, in the local set's
	 * iteration order, then the remote one's).
	 *
	 * @param <T> the type of the elements
	 */
	public static class Union<T> implements Merge<Set<T>> {

		@Override
		public Set<T> merge(Set<T> local, Set<T> remote) {
			if (local.containsAll(remote)) {
				return local;
			}
			if (remote.containsAll(local)) {
				return remote;
			}
			Set<T> union = new LinkedHashSet<>(local);
			union.addAll(remote);
			return Collections.unmodifiableSet(union);
		}

	}

	/**
	 * The greater of two values (a counter that only rises, the highest score).
	 *
	 * @param <T> the type of the value
	 */
	public static class Max<T> implements Merge<T> {

		private final Comparator<? super T> order;

		/**
		 * Creates a max merge.
		 * @param order the order of the values, total and consistent with {@code equals}
		 */
		public Max(Comparator<? super T> order) {
			this.order = Objects.requireNonNull(order, "order must not be null");
		}

		@Override
		public T merge(T local, T remote) {
			return (this.order.compare(local, remote) >= 0) ? local : remote;
		}

	}

	/**
	 * A count that several instances change at once: merges two {@link Tally tallies}
	 * entry by entry ({@link Tally#join}), so every instance's additions and removals are
	 * all counted. Each counter also has a replica id, its own entry in the tallies it
	 * counts into: keep one counter per store instance (a field), and count through it.
	 *
	 * <pre>{@code
	 * private final Merges.Counter counter = new Merges.Counter();
	 *
	 * &#64;Hidden
	 * &#64;MergeWith(Merges.Counter.class)
	 * final Signal<Tally> visits = signal("visits", Tally.ZERO);
	 *
	 * final Memo<Long> visitCount = memo("visitCount", () -> visits.get().total());
	 *
	 * &#64;Action
	 * public void visit() {
	 *     visits.update((t) -> counter.add(t, 1));
	 * }
	 * }</pre>
	 *
	 * <p>
	 * Thread safety: immutable; may be used from any thread. Two threads counting through
	 * one counter into one signal must do it with {@code Signal.update}, which is atomic.
	 */
	public static class Counter implements Merge<Tally> {

		private final String replica;

		/**
		 * Creates a counter with a random replica id (a new one for each counter, so for
		 * each store instance and each start).
		 */
		public Counter() {
			this(UUID.randomUUID().toString());
		}

		/**
		 * Creates a counter with a given replica id, for instances that keep their id
		 * across restarts (and catch up with their own entry before counting again).
		 * @param replica the replica id, unique among the instances that count
		 * @throws IllegalArgumentException if it is blank
		 */
		public Counter(String replica) {
			Objects.requireNonNull(replica, "replica must not be null");
			if (replica.isBlank()) {
				throw new IllegalArgumentException("replica must not be blank");
			}
			this.replica = replica;
		}

		/**
		 * Returns this counter's replica id.
		 * @return the id
		 */
		public String replica() {
			return this.replica;
		}

		/**
		 * Counts {@code delta} into a tally under this counter's replica id.
		 * @param tally the tally
		 * @param delta how much to add (or, negative, to take)
		 * @return the new tally
		 */
		public Tally add(Tally tally, long delta) {
			return tally.add(this.replica, delta);
		}

		@Override
		public Tally merge(Tally local, Tally remote) {
			return local.join(remote);
		}

	}

}
