package dev.philjs.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task on several threads released at the same moment, for tests of concurrent
 * writers (also used by the example service's tests, through this module's test jar).
 */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Runs {@code task} on {@code threads} threads at once and waits for all of them.
	 * @param threads how many threads
	 * @param timeout how long each may take
	 * @param task the work of one thread, given its index (0 to {@code threads - 1})
	 * @throws Exception the first failure of a thread (wrapped), or a timeout
	 */
	public static void run(int threads, Duration timeout, Task task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				int index = t;
				done.add(pool.submit(() -> {
					go.await();
					task.run(index);
					return null;
				}));
			}
			go.countDown();
			for (Future<?> future : done) {
				future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** The work of one thread. */
	@FunctionalInterface
	public interface Task {

		/**
		 * Runs.
		 * @param index the thread's index
		 * @throws Exception any failure, which fails the run
		 */
		void run(int index) throws Exception;

	}

}
