package dev.philjs.core.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.philjs.core.persist.Codec;
import dev.philjs.core.sync.Convergence.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		for (long seed = 0; seed < 300; seed++) {
			Random random = new Random(seed);
			ShufflingChannel channel = new ShufflingChannel(random.nextBoolean());
			int count = 2 + random.nextInt(4);
			List<SharedSignal<SortedSet<Integer>>> instances = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				instances.add(SharedSignal.create("k", set(), SET, channel, "node-" + i, UNION));
			}
			TreeSet<Integer> written = new TreeSet<>();
			int steps = 20 + random.nextInt(80);
			for (int step = 0; step < steps; step++) {
				if (random.nextBoolean()) {
					int element = random.nextInt(1000);
					written.add(element);
					instances.get(random.nextInt(count)).update((s) -> with(s, element));
				}
				else {
					channel.deliverOne(random);
				}
			}
			channel.deliverAll(random);
			for (SharedSignal<SortedSet<Integer>> instance : instances) {
				assertThat(instance.get()).as("seed %d, %s", seed, instance).isEqualTo(written);
			}
		}
	}

	@Test
	void concurrentWritersOnSeveralInstancesLoseNothing() throws Exception {
		ExecutorService delivery = Executors.newSingleThreadExecutor();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			InMemoryChannel channel = new InMemoryChannel(delivery);
			List<SharedSignal<SortedSet<Integer>>> instances = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				instances.add(SharedSignal.create("k", set(), SET, channel, "node-" + i, UNION));
			}
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				SharedSignal<SortedSet<Integer>> instance = instances.get(t % 4);
				int base = t * 1_000;
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 100; i++) {
						int element = base + i;
						instance.update((s) -> with(s, element));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> f : futures) {
				f.get(30, TimeUnit.SECONDS);
			}
			await().atMost(java.time.Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(instances).allSatisfy(
						(instance) -> assertThat(instance.get()).hasSize(800).isEqualTo(instances.get(0).get())));
		}
		finally {
			pool.shutdownNow();
			delivery.shutdownNow();
		}
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
