package dev.philjs.core.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * Runs shared signals of several instances the two ways the merge tests need: seeded
 * rounds over a {@link ShufflingChannel} (random writes and deliveries, reordered,
 * duplicated and, half of the time, dropped like Redis drops losers), and concurrent
 * writer threads over an {@link InMemoryChannel}.
 */
final class Replicas {

	private Replicas() {
	}

	/**
	 * One seeded round: how an instance is created, a write on one of them, and what must
	 * hold once everything is delivered.
	 *
	 * @param <T> the type of the value
	 */
	interface Round<T> {

		SharedSignal<T> create(Channel channel, int index);

		void write(Random random, int index, SharedSignal<T> instance);

		void check(long seed, List<SharedSignal<T>> instances);

	}

	/**
	 * Runs {@code seeds} rounds of 2 to 5 instances, each with 20 to 99 steps that either
	 * write on a random instance or deliver one change, then delivers everything and
	 * checks.
	 */
	static <T> void shuffledRounds(int seeds, Supplier<Round<T>> rounds) {
		for (long seed = 0; seed < seeds; seed++) {
			Random random = new Random(seed);
			ShufflingChannel channel = new ShufflingChannel(random.nextBoolean());
			Round<T> round = rounds.get();
			int count = 2 + random.nextInt(4);
			List<SharedSignal<T>> instances = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				instances.add(round.create(channel, i));
			}
			int steps = 20 + random.nextInt(80);
			for (int step = 0; step < steps; step++) {
				if (random.nextBoolean()) {
					int i = random.nextInt(count);
					round.write(random, i, instances.get(i));
				}
				else {
					channel.deliverOne(random);
				}
			}
			channel.deliverAll(random);
			round.check(seed, instances);
		}
	}

	/**
	 * Creates 4 instances on one in-memory channel, runs 8 writer threads at once (thread
	 * {@code t} writes through instance {@code t % 4}), and waits until every instance
	 * satisfies {@code converged}.
	 */
	static <T> void concurrentWriters(BiFunction<Channel, Integer, SharedSignal<T>> create, WriterBody<T> writer,
			Consumer<List<SharedSignal<T>>> converged) throws Exception {
		ExecutorService delivery = Executors.newSingleThreadExecutor();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			InMemoryChannel channel = new InMemoryChannel(delivery);
			List<SharedSignal<T>> instances = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				instances.add(create.apply(channel, i));
			}
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int thread = t;
				SharedSignal<T> instance = instances.get(t % 4);
				futures.add(pool.submit(() -> {
					start.await();
					writer.write(thread, instance);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> f : futures) {
				f.get(30, TimeUnit.SECONDS);
			}
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> converged.accept(instances));
		}
		finally {
			pool.shutdownNow();
			delivery.shutdownNow();
		}
	}

	/** What one writer thread does. */
	interface WriterBody<T> {

		void write(int thread, SharedSignal<T> instance) throws Exception;

	}

}
