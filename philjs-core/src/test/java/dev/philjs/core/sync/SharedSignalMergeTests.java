package dev.philjs.core.sync;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.philjs.core.persist.Codec;
import dev.philjs.core.sync.Convergence.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared signals with a {@link Merge}: concurrent writes on several instances are all
 * kept, under reordered, duplicated and dropped deliveries, and the rule behind it
 * ({@link Convergence}) case by case.
 */
class SharedSignalMergeTests {

	/** Sets of numbers, as "1,2,3". */
	private static final Codec<SortedSet<Integer>> SET = Codec
		.of((set) -> set.stream().map(String::valueOf).collect(Collectors.joining(",")), (text) -> text.isEmpty()
				? new TreeSet<>()
				: Arrays.stream(text.split(",")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new)));

	/** The union: a join. */
	private static final Merge<SortedSet<Integer>> UNION = (a, b) -> {
		TreeSet<Integer> union = new TreeSet<>(a);
		union.addAll(b);
		return union;
	};

	private static final Merge<Integer> MAX = Math::max;

	@Test
	void withoutAMergeTheGreaterChangeWins() {
		assertThat(Convergence.receive(5, 3, "a", new Change("k", 4, "b", "1"), 1, null))
			.isEqualTo(new Convergence.Step<>(Action.ADOPT, 1, 4));
		assertThat(Convergence.receive(5, 3, "b", new Change("k", 3, "a", "1"), 1, null).action())
			.isEqualTo(Action.IGNORE);
	}

	@Test
	void aChangeThatHoldsEverythingOfOursIsAdoptedWhenGreater() {
		assertThat(Convergence.receive(2, 3, "a", new Change("k", 4, "b", "7"), 7, MAX))
			.isEqualTo(new Convergence.Step<>(Action.ADOPT, 7, 4));
		assertThat(Convergence.receive(7, 3, "a", new Change("k", 4, "b", "7"), 7, MAX))
			.as("the same value, a greater version")
			.isEqualTo(new Convergence.Step<>(Action.ADOPT, 7, 4));
		assertThat(Convergence.receive(7, 5, "a", new Change("k", 4, "b", "7"), 7, MAX).action())
			.as("the same value, an older version")
			.isEqualTo(Action.IGNORE);
	}

	@Test
	void anOlderChangeWithMoreIsWrittenAnewWithAGreaterVersion() {
		assertThat(Convergence.receive(2, 5, "a", new Change("k", 4, "b", "7"), 7, MAX))
			.isEqualTo(new Convergence.Step<>(Action.WRITE, 7, 5));
	}

	@Test
	void aGreaterChangeThatLacksWhatWeHaveMakesUsRepublish() {
		assertThat(Convergence.receive(9, 3, "a", new Change("k", 4, "b", "7"), 7, MAX))
			.isEqualTo(new Convergence.Step<>(Action.REPUBLISH, 9, 4));
		assertThat(Convergence.receive(9, 5, "a", new Change("k", 4, "b", "7"), 7, MAX).action())
			.as("our newer write reaches the others anyway")
			.isEqualTo(Action.IGNORE);
	}

	@Test
	void concurrentValuesAreJoinedAndWrittenAsANewVersion() {
		Convergence.Step<SortedSet<Integer>> step = Convergence.receive(set(1, 2), 3, "a", new Change("k", 3, "b", ""),
				set(2, 3), UNION);
		assertThat(step).isEqualTo(new Convergence.Step<>(Action.WRITE, set(1, 2, 3), 3));
	}

	@Test
	void twoInstancesWritingAtOnceKeepBothWrites() {
		ShufflingChannel channel = new ShufflingChannel(true);
		SharedSignal<SortedSet<Integer>> a = SharedSignal.create("k", set(), SET, channel, "a", UNION);
		SharedSignal<SortedSet<Integer>> b = SharedSignal.create("k", set(), SET, channel, "b", UNION);
		a.update((s) -> with(s, 1));
		b.update((s) -> with(s, 2));
		assertThat(channel.published()).as("both wrote version 1").extracting(Change::version).containsExactly(1L, 1L);
		channel.deliverAll(new Random(1));
		assertThat(a.get()).isEqualTo(set(1, 2));
		assertThat(b.get()).isEqualTo(set(1, 2));
		// without the merge, one of the two writes is gone
		ShufflingChannel lww = new ShufflingChannel(true);
		SharedSignal<SortedSet<Integer>> c = SharedSignal.create("k", set(), SET, lww, "a");
		SharedSignal<SortedSet<Integer>> d = SharedSignal.create("k", set(), SET, lww, "b");
		c.update((s) -> with(s, 1));
		d.update((s) -> with(s, 2));
		lww.deliverAll(new Random(1));
		assertThat(c.get()).isEqualTo(d.get()).isEqualTo(set(2));
	}

	@Test
	void instancesConvergeToTheUnionOfEveryWriteUnderReorderedDuplicatedAndDroppedDeliveries() {
		Replicas.shuffledRounds(300, () -> new Replicas.Round<SortedSet<Integer>>() {

			private final TreeSet<Integer> written = new TreeSet<>();

			@Override
			public SharedSignal<SortedSet<Integer>> create(Channel channel, int index) {
				return SharedSignal.create("k", set(), SET, channel, "node-" + index, UNION);
			}

			@Override
			public void write(Random random, int index, SharedSignal<SortedSet<Integer>> instance) {
				int element = random.nextInt(1000);
				this.written.add(element);
				instance.update((s) -> with(s, element));
			}

			@Override
			public void check(long seed, List<SharedSignal<SortedSet<Integer>>> instances) {
				for (SharedSignal<SortedSet<Integer>> instance : instances) {
					assertThat(instance.get()).as("seed %d, %s", seed, instance).isEqualTo(this.written);
				}
			}

		});
	}

	@Test
	void concurrentWritersOnSeveralInstancesLoseNothing() throws Exception {
		Replicas.concurrentWriters(
				(channel, index) -> SharedSignal.create("k", set(), SET, channel, "node-" + index, UNION),
				(thread, instance) -> {
					for (int i = 0; i < 100; i++) {
						int element = thread * 1_000 + i;
						instance.update((s) -> with(s, element));
					}
				}, (instances) -> assertThat(instances).allSatisfy(
						(instance) -> assertThat(instance.get()).hasSize(800).isEqualTo(instances.get(0).get())));
	}

	@Test
	void aMergeThatThrowsRejectsTheChangeAndChangesNothing() {
		ShufflingChannel channel = new ShufflingChannel();
		SharedSignal<Integer> a = SharedSignal.create("k", 1, Codec.ofInteger(), channel, "a", (x, y) -> {
			throw new IllegalStateException("cannot merge");
		});
		channel.publish(new Change("k", 9, "b", "5"));
		channel.deliverAll(new Random(1));
		assertThat(a.get()).isEqualTo(1);
		assertThat(a.version()).isZero();
		assertThat(a.rejectedChanges()).isPositive();
	}

	private static SortedSet<Integer> set(Integer... elements) {
		return new TreeSet<>(List.of(elements));
	}

	private static SortedSet<Integer> with(SortedSet<Integer> set, int element) {
		TreeSet<Integer> next = new TreeSet<>(set);
		next.add(element);
		return next;
	}

}
