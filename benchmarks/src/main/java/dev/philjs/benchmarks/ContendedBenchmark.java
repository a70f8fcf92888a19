package dev.philjs.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.philjs.core.Disposable;
import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of PhilJS's one graph lock under contention: 1, 2 and 4 threads each writing
 * its own signal (each with its own memo and effect: the work is independent, only the
 * lock is shared), and the same thread counts all writing one shared signal. Every write
 * changes the value, so each one runs the memo and the effect. JMH reports the total
 * throughput of all threads (writes per microsecond): with no contention it would grow
 * with the number of threads; with one lock it stays flat or drops. The machine's core
 * count bounds what the 4-thread lines can show.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = "-XX:AutoBoxCacheMax=65536")
public class ContendedBenchmark {

	/** Values per thread before they wrap; thread t writes t * SPAN + (n mod SPAN). */
	private static final int SPAN = 1024;

	/**
	 * A signal with one memo and one effect on it.
	 */
	static final class Cell {

		final Signal<Integer> signal;

		final Memo<Integer> memo;

		int seen;

		Cell() {
			this.signal = Reactive.signal(-1);
			this.memo = Reactive.memo(() -> this.signal.get() + 1);
			Reactive.effect(() -> this.seen = this.memo.get());
		}

	}

	/** The graph shared by all threads, with the one shared signal. */
	@State(Scope.Benchmark)
	public static class Shared {

		// set by setUp, before any benchmark method runs
		Disposable root;

		Cell cell;

		final AtomicInteger threadIds = new AtomicInteger();

		/** Builds the shared cell. */
		@Setup(Level.Trial)
		public void setUp() {
			this.cell = Reactive.createRoot((r) -> {
				this.root = r;
				return new Cell();
			});
		}

		/** Disposes the shared cell. */
		@TearDown(Level.Trial)
		public void tearDown() {
			this.root.dispose();
		}

	}

	/** One thread's own cell and its sequence of distinct values. */
	@State(Scope.Thread)
	public static class Own {

		// set by setUp, before any benchmark method runs
		Disposable root;

		Cell cell;

		int base;

		int next;

		/**
		 * Builds this thread's cell.
		 * @param shared hands out the thread numbers
		 */
		@Setup(Level.Trial)
		public void setUp(Shared shared) {
			this.base = shared.threadIds.getAndIncrement() * SPAN;
			this.cell = Reactive.createRoot((r) -> {
				this.root = r;
				return new Cell();
			});
		}

		/** Disposes this thread's cell. */
		@TearDown(Level.Trial)
		public void tearDown() {
			this.root.dispose();
		}

		/**
		 * Returns the next value this thread writes, never equal to the previous value
		 * written by any thread.
		 * @return the value
		 */
		Integer nextValue() {
			this.next = (this.next + 1) & (SPAN - 1);
			return this.base + this.next;
		}

	}

	/**
	 * One thread writing its own signal.
	 * @param own the thread's cell
	 * @return what its effect saw
	 */
	@Benchmark
	@Threads(1)
	public int unrelated1(Own own) {
		return writeOwn(own);
	}

	/**
	 * Two threads, each writing its own signal.
	 * @param own the thread's cell
	 * @return what its effect saw
	 */
	@Benchmark
	@Threads(2)
	public int unrelated2(Own own) {
		return writeOwn(own);
	}

	/**
	 * Four threads, each writing its own signal.
	 * @param own the thread's cell
	 * @return what its effect saw
	 */
	@Benchmark
	@Threads(4)
	public int unrelated4(Own own) {
		return writeOwn(own);
	}

	/**
	 * One thread writing the shared signal.
	 * @param shared the shared cell
	 * @param own the thread's value sequence
	 * @return what the shared effect saw
	 */
	@Benchmark
	@Threads(1)
	public int shared1(Shared shared, Own own) {
		return writeShared(shared, own);
	}

	/**
	 * Two threads writing the shared signal.
	 * @param shared the shared cell
	 * @param own the thread's value sequence
	 * @return what the shared effect saw
	 */
	@Benchmark
	@Threads(2)
	public int shared2(Shared shared, Own own) {
		return writeShared(shared, own);
	}

	/**
	 * Four threads writing the shared signal.
	 * @param shared the shared cell
	 * @param own the thread's value sequence
	 * @return what the shared effect saw
	 */
	@Benchmark
	@Threads(4)
	public int shared4(Shared shared, Own own) {
		return writeShared(shared, own);
	}

	private static int writeOwn(Own own) {
		Integer value = own.nextValue();
		own.cell.signal.set(value);
		int seen = own.cell.seen;
		if (seen != value + 1) {
			ShapeMismatchException.check("contended effect value", value + 1, seen);
		}
		return seen;
	}

	private static int writeShared(Shared shared, Own own) {
		shared.cell.signal.set(own.nextValue());
		return shared.cell.seen;
	}

}
