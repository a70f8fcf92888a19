package dev.philjs.core.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.philjs.core.persist.Codec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

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
		Replicas.shuffledRounds(300, () -> new Replicas.Round<Tally>() {

			private final List<Merges.Counter> counters = new ArrayList<>();

			private long expected;

			@Override
			public SharedSignal<Tally> create(Channel channel, int index) {
				Merges.Counter counter = new Merges.Counter("node-" + index);
				this.counters.add(counter);
				return SharedSignal.create("k", Tally.ZERO, TALLY, channel, "node-" + index, counter);
			}

			@Override
			public void write(Random random, int index, SharedSignal<Tally> instance) {
				long delta = random.nextInt(7) - 2;
				this.expected += delta;
				instance.update((t) -> this.counters.get(index).add(t, delta));
			}

			@Override
			public void check(long seed, List<SharedSignal<Tally>> instances) {
				for (SharedSignal<Tally> instance : instances) {
					assertThat(instance.get().total()).as("seed %d, %s", seed, instance).isEqualTo(this.expected);
				}
			}

		});
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
		Map<SharedSignal<Tally>, Merges.Counter> counters = new ConcurrentHashMap<>();
		Replicas.concurrentWriters((channel, index) -> {
			Merges.Counter counter = Merges.counter();
			SharedSignal<Tally> instance = SharedSignal.create("k", Tally.ZERO, TALLY, channel, "node-" + index,
					counter);
			counters.put(instance, counter);
			return instance;
		}, (thread, instance) -> {
			for (int i = 0; i < 200; i++) {
				long delta = (i % 4 == 3) ? -1 : 1;
				instance.update((tally) -> counters.get(instance).add(tally, delta));
			}
		}, (instances) -> assertThat(instances)
			.allSatisfy((instance) -> assertThat(instance.get().total()).isEqualTo(8 * 100)));
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
