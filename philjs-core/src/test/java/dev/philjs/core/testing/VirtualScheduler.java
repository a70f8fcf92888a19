package dev.philjs.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A deterministic {@link ScheduledExecutorService} for tests: nothing runs until the test
 * calls {@link #advance(Duration)}, which moves a virtual clock forward and runs the due
 * tasks in time order (ties in submission order) on the calling thread; tasks scheduled
 * by running tasks run in the same call if they fall due before its end. {@link #clock()}
 * reads the same virtual time. A task that throws fails the test: {@link #advance}
 * rethrows it as an {@link AssertionError}, and it is kept in {@link #failures()}.
 */
public final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	/** The instant the virtual clock starts at. */
	public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

	private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private long nowNanos;

	private long sequence;

	private boolean shutdown;

	private volatile boolean lateCancel;

	/**
	 * Moves the clock forward by {@code step}, running every task due until then.
	 * @param step how far to move
	 */
	public void advance(Duration step) {
		long target;
		synchronized (this) {
			target = this.nowNanos + step.toNanos();
		}
		for (;;) {
			Task<?> task;
			synchronized (this) {
				task = this.queue.peek();
				if (task == null || task.dueNanos > target) {
					this.nowNanos = target;
					return;
				}
				this.queue.poll();
				this.nowNanos = Math.max(this.nowNanos, task.dueNanos);
			}
			task.run();
			Throwable failure = task.failure;
			if (failure != null) {
				throw new AssertionError("A scheduled task threw", failure);
			}
		}
	}

	/** Runs the tasks that are due now (and those they schedule with no delay). */
	public void runDue() {
		advance(Duration.ZERO);
	}

	/**
	 * Returns the virtual time elapsed since creation.
	 * @return the elapsed time
	 */
	public synchronized Duration elapsed() {
		return Duration.ofNanos(this.nowNanos);
	}

	/**
	 * Returns how many tasks wait to run.
	 * @return the count
	 */
	public synchronized int queued() {
		return this.queue.size();
	}

	/**
	 * Returns the delay until the earliest waiting task.
	 * @return the delay, or {@code null} if no task waits
	 */
	public synchronized @Nullable Duration nextDelay() {
		Task<?> task = this.queue.peek();
		return (task != null) ? Duration.ofNanos(task.dueNanos - this.nowNanos) : null;
	}

	/**
	 * Returns a clock that reads the virtual time, starting at {@link #EPOCH}.
	 * @return the clock
	 */
	public Clock clock() {
		return new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				throw new UnsupportedOperationException();
			}

			@Override
			public Instant instant() {
				return EPOCH.plus(elapsed());
			}

		};
	}

	/**
	 * From now on, {@code cancel} fails as it does for a task that has already started
	 * running on a real scheduler: the task stays queued and runs when due.
	 */
	public void cancelTooLate() {
		this.lateCancel = true;
	}

	/**
	 * Returns what tasks threw.
	 * @return the failures
	 */
	public List<Throwable> failures() {
		return this.failures;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return enqueue(Executors.callable(command, null), delay, unit);
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return enqueue(callable, delay, unit);
	}

	@Override
	public void execute(Runnable command) {
		schedule(command, 0, TimeUnit.NANOSECONDS);
	}

	private synchronized <V> ScheduledFuture<V> enqueue(Callable<V> callable, long delay, TimeUnit unit) {
		if (this.shutdown) {
			throw new RejectedExecutionException("virtual scheduler is shut down");
		}
		Task<V> task = new Task<>(callable, this.nowNanos + Math.max(0, unit.toNanos(delay)), this.sequence++);
		this.queue.add(task);
		return task;
	}

	private synchronized void remove(Task<?> task) {
		this.queue.remove(task);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		throw new UnsupportedOperationException("not needed by the tests");
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		throw new UnsupportedOperationException("not needed by the tests");
	}

	@Override
	public synchronized void shutdown() {
		this.shutdown = true;
	}

	@Override
	public synchronized List<Runnable> shutdownNow() {
		this.shutdown = true;
		List<Runnable> pending = new ArrayList<>(this.queue);
		this.queue.clear();
		return pending;
	}

	@Override
	public synchronized boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public synchronized boolean isTerminated() {
		return this.shutdown && this.queue.isEmpty();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return isTerminated();
	}

	private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {

		final long dueNanos;

		final long seq;

		volatile @Nullable Throwable failure;

		Task(Callable<V> callable, long dueNanos, long seq) {
			super(callable);
			this.dueNanos = dueNanos;
			this.seq = seq;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			synchronized (VirtualScheduler.this) {
				return unit.convert(this.dueNanos - VirtualScheduler.this.nowNanos, TimeUnit.NANOSECONDS);
			}
		}

		@Override
		public int compareTo(Delayed other) {
			Task<?> that = (Task<?>) other;
			int byTime = Long.compare(this.dueNanos, that.dueNanos);
			return (byTime != 0) ? byTime : Long.compare(this.seq, that.seq);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			if (VirtualScheduler.this.lateCancel) {
				return false;
			}
			boolean cancelled = super.cancel(mayInterruptIfRunning);
			if (cancelled) {
				remove(this);
			}
			return cancelled;
		}

		@Override
		protected void setException(Throwable failure) {
			this.failure = failure;
			VirtualScheduler.this.failures.add(failure);
			super.setException(failure);
		}

	}

}
