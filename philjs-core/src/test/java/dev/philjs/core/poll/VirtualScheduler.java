package dev.philjs.core.poll;

import java.time.Duration;
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

/**
 * A deterministic {@link ScheduledExecutorService} for tests: nothing runs until the test
 * calls {@link #advance(Duration)}, which moves a virtual clock forward and runs the due
 * tasks in time order (ties in submission order) on the calling thread. Tasks scheduled
 * by running tasks run in the same call if they fall due before its end. Exceptions
 * thrown by tasks are kept in {@link #failures()} so tests can check that none escaped.
 */
final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private long now;

	private long sequence;

	private boolean shutdown;

	private volatile boolean lateCancel;

	/**
	 * Moves the clock forward by {@code step}, running every task due until then.
	 */
	void advance(Duration step) {
		long target;
		synchronized (this) {
			target = this.now + step.toNanos();
		}
		for (;;) {
			Task<?> task;
			synchronized (this) {
				task = this.queue.peek();
				if (task == null || task.time > target) {
					this.now = target;
					return;
				}
				this.queue.poll();
				this.now = task.time;
			}
			task.run();
		}
	}

	/** Runs the tasks due now (for example those given to {@link #execute}). */
	void runDue() {
		advance(Duration.ZERO);
	}

	/** The virtual time elapsed since creation. */
	synchronized Duration elapsed() {
		return Duration.ofNanos(this.now);
	}

	/** How many tasks wait to run. */
	synchronized int queued() {
		return this.queue.size();
	}

	/** The delay until the earliest waiting task, or {@code null} if none waits. */
	synchronized Duration nextDelay() {
		Task<?> task = this.queue.peek();
		return (task != null) ? Duration.ofNanos(task.time - this.now) : null;
	}

	/**
	 * From now on, {@code cancel} fails as it does for a task that has already started
	 * running on a real scheduler: the task stays queued and runs when due.
	 */
	void cancelTooLate() {
		this.lateCancel = true;
	}

	List<Throwable> failures() {
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
		Task<V> task = new Task<>(callable, this.now + Math.max(0, unit.toNanos(delay)), this.sequence++);
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

		final long time;

		final long order;

		Task(Callable<V> callable, long time, long order) {
			super(callable);
			this.time = time;
			this.order = order;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			synchronized (VirtualScheduler.this) {
				return unit.convert(this.time - VirtualScheduler.this.now, TimeUnit.NANOSECONDS);
			}
		}

		@Override
		public int compareTo(Delayed other) {
			Task<?> that = (Task<?>) other;
			int byTime = Long.compare(this.time, that.time);
			return (byTime != 0) ? byTime : Long.compare(this.order, that.order);
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
			VirtualScheduler.this.failures.add(failure);
			super.setException(failure);
		}

	}

}
