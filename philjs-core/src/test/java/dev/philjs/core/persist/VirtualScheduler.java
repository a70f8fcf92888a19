package dev.philjs.core.persist;

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
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic {@link ScheduledExecutorService} for tests: tasks run on the test's
 * thread when the test advances virtual time, in order of due time (then of scheduling).
 * Its {@link #clock()} reads the same virtual time.
 */
final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

	private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();

	private long nowNanos;

	private long sequence;

	private boolean shutdown;

	/**
	 * Runs every task due up to {@code now + step}, then sets the time to it.
	 */
	void advance(Duration step) {
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
			task.rethrowFailure();
		}
	}

	/**
	 * Runs the tasks that are due now (and those they schedule with no delay).
	 */
	void runDue() {
		advance(Duration.ZERO);
	}

	synchronized Duration elapsed() {
		return Duration.ofNanos(this.nowNanos);
	}

	synchronized int queued() {
		return this.queue.size();
	}

	Clock clock() {
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

	private synchronized <V> Task<V> enqueue(Callable<V> callable, long delay, TimeUnit unit) {
		if (this.shutdown) {
			throw new RejectedExecutionException("shut down");
		}
		long due = this.nowNanos + Math.max(0, unit.toNanos(delay));
		Task<V> task = new Task<>(callable, due, this.sequence++);
		this.queue.add(task);
		return task;
	}

	private synchronized void dequeue(Task<?> task) {
		this.queue.remove(task);
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return enqueue(Executors.callable(command), delay, unit);
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return enqueue(callable, delay, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		throw new UnsupportedOperationException("not needed by these tests");
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		throw new UnsupportedOperationException("not needed by these tests");
	}

	@Override
	public void execute(Runnable command) {
		enqueue(Executors.callable(command), 0, TimeUnit.NANOSECONDS);
	}

	@Override
	public synchronized void shutdown() {
		this.shutdown = true;
	}

	@Override
	public synchronized List<Runnable> shutdownNow() {
		this.shutdown = true;
		List<Runnable> dropped = new ArrayList<>(this.queue);
		this.queue.clear();
		return dropped;
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
			boolean cancelled = super.cancel(mayInterruptIfRunning);
			if (cancelled) {
				dequeue(this);
			}
			return cancelled;
		}

		/**
		 * Makes a task that threw fail the test that advanced the time.
		 */
		void rethrowFailure() {
			if (isCancelled()) {
				return;
			}
			try {
				get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException ex) {
				throw new AssertionError("A scheduled task threw", ex.getCause());
			}
		}

		@Override
		public boolean equals(Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

	}

}
