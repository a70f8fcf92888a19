package dev.philjs.core.sync;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The ready-made merges are joins (commutative, associative, idempotent) on seeded random
 * values, and do what their names say.
 */
class MergesTests {

	record Entry(String id, long at, String text) {
	}

	private static final Merges.Log<Entry> LOG = Merges.log(Entry::id, Comparator.comparingLong(Entry::at), 5);

	@Test
	void logKeepsEveryEntryOnceInOrderAndOnlyTheNewest() {
		Entry a = new Entry("a", 1, "x");
		Entry b = new Entry("b", 2, "y");
		Entry c = new Entry("c", 2, "z");
		assertThat(LOG.merge(List.of(a, c), List.of(b, a))).containsExactly(a, b, c);
		List<Entry> log = List.of();
		for (int i = 10; i > 0; i--) {
			log = LOG.append(log, new Entry("e" + i, i, "t"));
		}
		assertThat(log).extracting(Entry::at).containsExactly(6L, 7L, 8L, 9L, 10L);
		assertThat(LOG.append(log, new Entry("old", 0, "t"))).as("older than what is kept").isEqualTo(log);
	}

	@Test
	void logSettlesTwoEntriesWithOneIdTheSameWayWhicheverSideTheyAreOn() {
		Entry first = new Entry("same", 1, "first");
		Entry second = new Entry("same", 1, "second");
		assertThat(LOG.merge(List.of(first), List.of(second))).isEqualTo(LOG.merge(List.of(second), List.of(first)))
			.containsExactly(second);
	}

	@Test
	void logIsAJoin() {
		Random random = new Random(7);
		for (int round = 0; round < 500; round++) {
			List<Entry> x = randomLog(random);
			List<Entry> y = randomLog(random);
			List<Entry> z = randomLog(random);
			assertJoin(LOG, x, y, z);
		}
	}

	record Item(String id, long revision, long created, boolean removed) {
	}

	private static final Merges.Latest<Item> LATEST = Merges.latest(Item::id, Comparator.comparingLong(Item::revision),
			Comparator.comparingLong(Item::created));

	@Test
	void latestKeepsTheNewestRevisionOfEachEntryAndItsTombstone() {
		Item a1 = new Item("a", 1, 5, false);
		Item b1 = new Item("b", 1, 3, false);
		Item a2 = new Item("a", 2, 5, true);
		assertThat(LATEST.merge(List.of(a1, b1), List.of(a2))).containsExactly(b1, a2);
		assertThat(LATEST.merge(List.of(a2), List.of(a1))).as("an older revision does not bring it back")
			.containsExactly(a2);
		assertThat(LATEST.put(List.of(b1), a1)).containsExactly(b1, a1);
	}

	@Test
	void latestIsAJoin() {
		Random random = new Random(17);
		for (int round = 0; round < 500; round++) {
			assertJoin(LATEST, randomItems(random), randomItems(random), randomItems(random));
		}
	}

	private static final Merges.Latest<Item> LAST_THREE = new Merges.Latest<>(Item::id,
			Comparator.comparingLong(Item::revision), Comparator.comparingLong(Item::created), 3);

	@Test
	void latestWithABoundKeepsTheLastEntriesTombstonesIncluded() {
		List<Item> list = List.of();
		for (int i = 1; i <= 5; i++) {
			list = LAST_THREE.put(list, new Item("id" + i, 1, i, false));
		}
		assertThat(list).extracting(Item::id).containsExactly("id3", "id4", "id5");
		list = LAST_THREE.put(list, new Item("id4", 2, 4, true));
		assertThat(list).extracting(Item::id).containsExactly("id3", "id4", "id5");
		assertThat(list.get(1).removed()).isTrue();
		assertThat(LAST_THREE.put(list, new Item("id1", 3, 1, true))).as("older than what is kept").isEqualTo(list);
		assertThat(LAST_THREE.put(list, new Item("id6", 1, 6, false))).extracting(Item::id)
			.containsExactly("id4", "id5", "id6");
	}

	@Test
	void latestWithABoundIsAJoin() {
		Random random = new Random(19);
		for (int round = 0; round < 500; round++) {
			assertJoin(LAST_THREE, randomItems(random), randomItems(random), randomItems(random));
		}
	}

	private static List<Item> randomItems(Random random) {
		List<Item> list = List.of();
		int n = random.nextInt(8);
		for (int i = 0; i < n; i++) {
			int id = random.nextInt(6);
			list = LATEST.put(list, new Item("id" + id, random.nextInt(3), id, random.nextBoolean()));
		}
		return list;
	}

	@Test
	void unionIsAJoin() {
		Merge<Set<Integer>> union = Merges.union();
		Random random = new Random(11);
		for (int round = 0; round < 500; round++) {
			assertJoin(union, randomSet(random), randomSet(random), randomSet(random));
		}
		assertThat(union.merge(Set.of(1, 2), Set.of(2, 3))).containsExactlyInAnyOrder(1, 2, 3);
	}

	@Test
	void maxIsAJoin() {
		Merge<Integer> max = Merges.max(Comparator.naturalOrder());
		Random random = new Random(13);
		for (int round = 0; round < 500; round++) {
			assertJoin(max, random.nextInt(20), random.nextInt(20), random.nextInt(20));
		}
		assertThat(max.merge(3, 9)).isEqualTo(9);
	}

	@Test
	void badArgumentsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Merges.log(Entry::id, Comparator.comparingLong(Entry::at), 0))
			.withMessageContaining("keep");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Merges.Latest<>(Item::id, Comparator.comparingLong(Item::revision),
					Comparator.comparingLong(Item::created), 0))
			.withMessageContaining("keep");
	}

	private static <T> void assertJoin(Merge<T> merge, T x, T y, T z) {
		assertThat(merge.merge(x, y)).as("commutative: %s, %s", x, y).isEqualTo(merge.merge(y, x));
		assertThat(merge.merge(merge.merge(x, y), z)).as("associative: %s, %s, %s", x, y, z)
			.isEqualTo(merge.merge(x, merge.merge(y, z)));
		T xy = merge.merge(x, y);
		assertThat(merge.merge(xy, xy)).as("idempotent").isEqualTo(xy);
		assertThat(merge.merge(xy, x)).as("absorbs what it holds").isEqualTo(xy);
	}

	/** A log as the merge makes it: entries merged in one by one. */
	private static List<Entry> randomLog(Random random) {
		List<Entry> log = List.of();
		int n = random.nextInt(9);
		for (int i = 0; i < n; i++) {
			int id = random.nextInt(12);
			log = LOG.append(log, new Entry("id" + id, id % 4, "text" + random.nextInt(2)));
		}
		return log;
	}

	private static Set<Integer> randomSet(Random random) {
		Set<Integer> set = new HashSet<>();
		int n = random.nextInt(6);
		for (int i = 0; i < n; i++) {
			set.add(random.nextInt(10));
		}
		return set;
	}

}
