package dev.philjs.core.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.philjs.core.persist.Codec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

/**
 * {@link Tally} and {@link Merges.Counter}: a count that instances change at once keeps
 * every addition and removal, under reordered, duplicated and dropped deliveries and
 * concurrent writers.
 */
class TallyTests {

	/** Tallies as "a=3,b=1/c=2" (added / taken). */
	private static final Codec<Tally> TALLY = Codec.of((tally) -> encode(tally.added()) + "/" + encode(tally.taken()),
			(text) -> new Tally(decode(text.substring(0, text.indexOf('/'))),
					decode(text.substring(text.indexOf('/') + 1))));

	@Test
	void countsAdditionsAndRemovalsPerReplica() {
		Tally tally = Tally.ZERO.add("a", 5).add("b", 2).add("a", -3).add("a", 0);
		assertThat(tally.total()).isEqualTo(4);
		assertThat(tally.added()).isEqualTo(Map.of("a", 5L, "b", 2L));
		assertThat(tally.taken()).isEqualTo(Map.of("a", 3L));
		assertThat(Tally.ZERO.add("a", 0)).isSameAs(Tally.ZERO);
		assertThat(new Tally(Map.of("a", 0L), Map.of())).as("zero entries are left out").isEqualTo(Tally.ZERO);
	}

	@Test
	void joinKeepsTheGreaterCountOfEachEntry() {
		Tally a = Tally.ZERO.add("a", 3).add("b", 1);
		Tally b = Tally.ZERO.add("a", 1).add("b", 4).add("c", -2);
		Tally join = a.join(b);
		assertThat(join.added()).isEqualTo(Map.of("a", 3L, "b", 4L));
		assertThat(join.taken()).isEqualTo(Map.of("c", 2L));
		assertThat(join.total()).isEqualTo(5);
		assertThat(join.covers(a)).isTrue();
		assertThat(a.covers(join)).isFalse();
		assertThat(join.join(a)).as("a tally that covers the other is kept as it is").isSameAs(join);
	}

	@Test
	void counterIsAJoin() {
		Merges.Counter counter = Merges.counter();
		Random random = new Random(23);
		for (int round = 0; round < 500; round++) {
			Tally x = randomTally(random);
			Tally y = randomTally(random);
			Tally z = randomTally(random);
			assertThat(counter.merge(x, y)).isEqualTo(counter.merge(y, x));
			assertThat(counter.merge(counter.merge(x, y), z)).isEqualTo(counter.merge(x, counter.merge(y, z)));
			Tally xy = counter.merge(x, y);
			assertThat(counter.merge(xy, xy)).isEqualTo(xy);
			assertThat(counter.merge(xy, x)).isEqualTo(xy);
		}
	}

	@Test
	void badInputIsRefusedWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Tally(Map.of("a", -1L), Map.of()))
			.withMessageContaining("'a' must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> new Tally(Map.of(" ", 1L), Map.of()))
			.withMessageContaining("blank");
		Map<String, Long> withNull = new HashMap<>();
		withNull.put("a", null);
		assertThatNullPointerException().isThrownBy(() -> new Tally(Map.of(), withNull))
			.withMessageContaining("taken: the count of 'a'");
		assertThatIllegalArgumentException().isThrownBy(() -> new Merges.Counter(""));
		Tally full = Tally.ZERO.add("a", Long.MAX_VALUE);
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> full.add("a", 1));
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> full.add("b", 1).total());
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> full.add("a", Long.MIN_VALUE));
	}

	@Test
	void instancesCountEveryChangeUnderReorderedDuplicatedAndDroppedDeliveries() {
		for (long seed = 0; seed < 300; seed++) {
			Random random = new Random(seed);
			ShufflingChannel channel = new ShufflingChannel(random.nextBoolean());
			int count = 2 + random.nextInt(4);
			List<SharedSignal<Tally>> instances = new ArrayList<>();
			List<Merges.Counter> counters = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				Merges.Counter counter = new Merges.Counter("node-" + i);
				counters.add(counter);
				instances.add(SharedSignal.create("k", Tally.ZERO, TALLY, channel, "node-" + i, counter));
			}
			long expected = 0;
			int steps = 20 + random.nextInt(80);
			for (int step = 0; step < steps; step++) {
				if (random.nextInt(3) > 0) {
					int i = random.nextInt(count);
					long delta = random.nextInt(7) - 2;
					expected += delta;
					instances.get(i).update((t) -> counters.get(i).add(t, delta));
				}
				else {
					channel.deliverOne(random);
				}
			}
			channel.deliverAll(random);
			for (SharedSignal<Tally> instance : instances) {
				assertThat(instance.get().total()).as("seed %d, %s", seed, instance).isEqualTo(expected);
			}
		}
	}

	@Test
	void withoutTheCounterConcurrentCountsAreLost() {
		ShufflingChannel channel = new ShufflingChannel(true);
		SharedSignal<Tally> a = SharedSignal.create("k", Tally.ZERO, TALLY, channel, "a");
		SharedSignal<Tally> b = SharedSignal.create("k", Tally.ZERO, TALLY, channel, "b");
		a.update((t) -> t.add("a", 1));
		b.update((t) -> t.add("b", 1));
		channel.deliverAll(new Random(3));
		assertThat(a.get()).isEqualTo(b.get());
		assertThat(a.get().total()).as("the last writer wins").isEqualTo(1);
	}

	@Test
	void concurrentCountersOnSeveralInstancesLoseNothing() throws Exception {
		ExecutorService delivery = Executors.newSingleThreadExecutor();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			InMemoryChannel channel = new InMemoryChannel(delivery);
			List<SharedSignal<Tally>> instances = new ArrayList<>();
			List<Merges.Counter> counters = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				Merges.Counter counter = Merges.counter();
				counters.add(counter);
				instances.add(SharedSignal.create("k", Tally.ZERO, TALLY, channel, "node-" + i, counter));
			}
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				SharedSignal<Tally> instance = instances.get(t % 4);
				Merges.Counter counter = counters.get(t % 4);
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 200; i++) {
						long delta = (i % 4 == 3) ? -1 : 1;
						instance.update((tally) -> counter.add(tally, delta));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> f : futures) {
				f.get(30, TimeUnit.SECONDS);
			}
			await().atMost(java.time.Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(instances)
					.allSatisfy((instance) -> assertThat(instance.get().total()).isEqualTo(8 * 100)));
		}
		finally {
			pool.shutdownNow();
			delivery.shutdownNow();
		}
	}

	private static Tally randomTally(Random random) {
		Tally tally = Tally.ZERO;
		int n = random.nextInt(6);
		for (int i = 0; i < n; i++) {
			tally = tally.add("r" + random.nextInt(4), random.nextInt(9) - 4);
		}
		return tally;
	}

	private static String encode(Map<String, Long> entries) {
		return entries.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
	}

	private static Map<String, Long> decode(String text) {
		Map<String, Long> entries = new HashMap<>();
		if (!text.isEmpty()) {
			for (String entry : text.split(",")) {
				int eq = entry.indexOf('=');
				entries.put(entry.substring(0, eq), Long.valueOf(entry.substring(eq + 1)));
			}
		}
		return entries;
	}

}
