package dev.philjs.core.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import dev.philjs.core.persist.Codec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Shared signals over a channel: instances see each other's writes, catch up, reject bad
 * payloads, and converge under reordered and duplicated deliveries.
 */
class SharedSignalTests {

	private static final Codec<Integer> INT = Codec.ofInteger();

	@Test
	void writeOnOneInstanceIsSeenOnTheOther() {
		InMemoryChannel channel = new InMemoryChannel();
		SharedSignal<Integer> a = SharedSignal.create("counter", 0, INT, channel, "a");
		SharedSignal<Integer> b = SharedSignal.create("counter", 0, INT, channel, "b");
		List<Integer> seenOnB = new ArrayList<>();
		Effect effect = Reactive.effect(() -> seenOnB.add(b.get()));
		a.set(5);
		assertThat(b.get()).isEqualTo(5);
		b.update((v) -> v + 1);
		assertThat(a.get()).isEqualTo(6);
		assertThat(seenOnB).containsExactly(0, 5, 6);
		assertThat(a.version()).isEqualTo(2);
		assertThat(b.version()).isEqualTo(2);
		effect.dispose();
	}

	@Test
	void otherKeysAreNotAffected() {
		InMemoryChannel channel = new InMemoryChannel();
		SharedSignal<Integer> x = SharedSignal.create("x", 0, INT, channel, "a");
		SharedSignal<Integer> y = SharedSignal.create("y", 0, INT, channel, "b");
		x.set(1);
		assertThat(y.get()).isZero();
	}

	@Test
	void newInstanceCatchesUpWithTheLatestChange() {
		InMemoryChannel channel = new InMemoryChannel();
		SharedSignal<Integer> a = SharedSignal.create("k", 0, INT, channel, "a");
		a.set(1);
		a.set(2);
		SharedSignal<Integer> late = SharedSignal.create("k", 0, INT, channel, "late");
		assertThat(late.get()).isEqualTo(2);
		late.set(3);
		assertThat(a.get()).isEqualTo(3);
		assertThat(channel.latest("k")).get().extracting(Change::version).isEqualTo(3L);
	}

	@Test
	void concurrentWritesWithTheSameVersionAreDecidedByOrigin() {
		ShufflingChannel channel = new ShufflingChannel();
		SharedSignal<Integer> a = SharedSignal.create("k", 0, INT, channel, "a");
		SharedSignal<Integer> b = SharedSignal.create("k", 0, INT, channel, "b");
		a.set(10);
		b.set(20);
		channel.deliverAll(new Random(1));
		assertThat(a.get()).isEqualTo(20);
		assertThat(b.get()).isEqualTo(20);
	}

	@Test
	void undecodablePayloadIsIgnoredAndChangesNothing() {
		InMemoryChannel channel = new InMemoryChannel();
		SharedSignal<Integer> a = SharedSignal.create("k", 7, INT, channel, "a");
		channel.publish(new Change("k", 99, "evil", "not a number"));
		assertThat(a.get()).isEqualTo(7);
		assertThat(a.version()).isZero();
		assertThat(a.rejectedChanges()).isEqualTo(1);
		a.set(8);
		assertThat(a.version()).isEqualTo(1);
	}

	@Test
	void badArgumentsAreRejected() {
		InMemoryChannel channel = new InMemoryChannel();
		assertThatNullPointerException().isThrownBy(() -> SharedSignal.create(null, 0, INT, channel))
			.withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> SharedSignal.create("", 0, INT, channel));
		assertThatIllegalArgumentException().isThrownBy(() -> new Change("k", -1, "a", "1"))
			.withMessageContaining("version");
	}

	@Test
	void closedSharedSignalRefusesWritesAndIgnoresRemoteChanges() {
		InMemoryChannel channel = new InMemoryChannel();
		SharedSignal<Integer> a = SharedSignal.create("k", 0, INT, channel, "a");
		SharedSignal<Integer> b = SharedSignal.create("k", 0, INT, channel, "b");
		b.dispose();
		a.set(1);
		assertThat(b.get()).isZero();
		assertThatIllegalStateException().isThrownBy(() -> b.set(2)).withMessageContaining("closed");
	}

	@Test
	void instancesConvergeUnderReorderedAndDuplicatedDeliveries() {
		for (long seed = 0; seed < 200; seed++) {
			Random random = new Random(seed);
			ShufflingChannel channel = new ShufflingChannel();
			int count = 2 + random.nextInt(4);
			List<SharedSignal<Integer>> instances = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				instances.add(SharedSignal.create("k", 0, INT, channel, "node-" + i));
			}
			int steps = 20 + random.nextInt(60);
			for (int step = 0; step < steps; step++) {
				if (random.nextBoolean()) {
					instances.get(random.nextInt(count)).set(random.nextInt(1000));
				}
				else {
					channel.deliverOne(random);
				}
			}
			channel.deliverAll(random);
			Change greatest = channel.published()
				.stream()
				.max(Comparator.comparingLong(Change::version).thenComparing(Change::origin))
				.orElseThrow();
			for (SharedSignal<Integer> instance : instances) {
				assertThat(instance.get()).as("seed %d, %s", seed, instance)
					.isEqualTo(Integer.valueOf(greatest.payload()));
				assertThat(instance.version()).as("seed %d", seed).isEqualTo(greatest.version());
			}
		}
	}

	@Test
	void concurrentWritersOnSeveralInstancesConverge() throws Exception {
		InMemoryChannel channel = new InMemoryChannel();
		List<SharedSignal<Integer>> instances = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			instances.add(SharedSignal.create("k", 0, INT, channel, "node-" + i));
		}
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			SharedSignal<Integer> instance = instances.get(t % 4);
			int base = t * 10_000;
			futures.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < 500; i++) {
					instance.set(base + i);
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> f : futures) {
			f.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
		Change latest = channel.latest("k").orElseThrow();
		for (SharedSignal<Integer> instance : instances) {
			assertThat(instance.get()).isEqualTo(Integer.valueOf(latest.payload()));
			assertThat(instance.version()).isEqualTo(latest.version());
		}
	}

}
