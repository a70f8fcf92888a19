package dev.philjs.core.persist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Writes the latest value of one storage key behind the writers' backs.
 *
 * <p>
 * {@link #offer} replaces the pending operation (a value to store, or a removal) and arms
 * a timer: after {@code debounce} of quiet (cut short so that the oldest change not yet
 * written waits at most {@code maxWait}, when one is set), one task on the scheduler
 * takes the pending operation and performs it, outside every lock. At most one operation
 * of a key runs at a time, and each one takes the newest pending operation, so the
 * storage never sees an older value after a newer one. A failed write puts its operation
 * back (unless a newer one arrived) and retries after a delay that doubles up to a cap;
 * offers during the backoff only replace what the retry will write. {@link #flush} and
 * {@link #close} perform the pending operation on the calling thread, after waiting for
 * one in flight.
 *
 * <p>
 * Lock order: {@link #offer} may be called under the graph lock and takes {@link #lock};
 * nothing here takes the graph lock.
 */
final class WriteBehind<T> {

	private final String key;

	private final StateStorage storage;

	private final Codec<T> codec;

	private final ScheduledExecutorService scheduler;

	private final long debounceNanos;

	/** {@link Long#MAX_VALUE} for no limit. */
	private final long maxWaitNanos;

	private final Clock clock;

	/** When the oldest change not yet taken by a write was made, or {@link #NONE}. */
	private long firstPendingNanos = NONE;

	private static final long NONE = Long.MIN_VALUE;

	private final long retryInitialNanos;

	private final long retryMaxNanos;

	private final Reporter reporter;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition idle = this.lock.newCondition();

	private @Nullable Op<T> pending;

	private @Nullable ScheduledFuture<?> timer;

	private long generation;

	private boolean writing;

	private int failures;

	private boolean closed;

	WriteBehind(String key, Codec<T> codec, PersistOptions<?> options, Reporter reporter) {
		this.key = key;
		this.storage = options.storage;
		this.codec = codec;
		this.scheduler = options.schedulerOrDefault();
		this.debounceNanos = nanos(options.debounce);
		this.maxWaitNanos = (options.maxWait != null) ? nanos(options.maxWait) : Long.MAX_VALUE;
		this.clock = options.clock;
		this.retryInitialNanos = nanos(options.retryInitial);
		this.retryMaxNanos = nanos(options.retryMax);
		this.reporter = reporter;
	}

	private static long nanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * Makes {@code value} the next thing to store. Ignored once closed.
	 */
	void offer(T value) {
		offer(new Op<>(value));
	}

	/**
	 * Makes the removal of the key the next thing to do. Ignored once closed.
	 */
	void offerRemoval() {
		offer(new Op<>(null));
	}

	private void offer(Op<T> op) {
		PersistenceException rejected = null;
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.pending = op;
			if (this.firstPendingNanos == NONE && this.maxWaitNanos != Long.MAX_VALUE) {
				this.firstPendingNanos = now();
			}
			if (this.writing || this.failures > 0 || (this.timer != null && this.debounceNanos == 0)) {
				return;
			}
			rejected = arm(nextDelay());
		}
		finally {
			this.lock.unlock();
		}
		if (rejected != null) {
			this.reporter.report(rejected);
		}
	}

	/**
	 * (Re)schedules the next attempt; called with {@link #lock} held.
	 * @return the failure to report if the scheduler refused the task
	 */
	private @Nullable PersistenceException arm(long delayNanos) {
		cancelTimer();
		long gen = this.generation;
		try {
			this.timer = this.scheduler.schedule(() -> drain(gen), delayNanos, TimeUnit.NANOSECONDS);
			return null;
		}
		catch (RejectedExecutionException ex) {
			return new PersistenceException("The executor refused to schedule the write of '" + this.key
					+ "'; the value stays pending until flush() or close()", this.key, ex);
		}
	}

	/**
	 * The delay of the next write of a pending change: the debounce, cut short so that
	 * the oldest pending change waits at most the max wait. Called with {@link #lock}
	 * held.
	 */
	private long nextDelay() {
		if (this.firstPendingNanos == NONE) {
			return this.debounceNanos;
		}
		long left = this.maxWaitNanos - (now() - this.firstPendingNanos);
		return Math.max(0, Math.min(this.debounceNanos, left));
	}

	private long now() {
		Instant instant = this.clock.instant();
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	private void cancelTimer() {
		ScheduledFuture<?> t = this.timer;
		if (t != null) {
			t.cancel(false);
			this.timer = null;
		}
		this.generation++;
	}

	private void drain(long gen) {
		Op<T> op;
		this.lock.lock();
		try {
			if (gen != this.generation) {
				return;
			}
			this.timer = null;
			op = this.pending;
			if (this.writing || op == null) {
				return;
			}
			this.pending = null;
			this.firstPendingNanos = NONE;
			this.writing = true;
		}
		finally {
			this.lock.unlock();
		}
		perform(op);
	}

	/**
	 * Returns whether a change is not stored yet: one waits for its debounce or retry, or
	 * a write is in flight.
	 */
	boolean hasPending() {
		this.lock.lock();
		try {
			return this.pending != null || this.writing;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Writes what is pending now on the calling thread, after waiting for a write in
	 * flight.
	 * @throws PersistenceException if the write fails (it is then retried later)
	 */
	void flush() {
		flushOrClose(false);
	}

	/**
	 * Stops accepting offers and writes what is pending on the calling thread. Calling it
	 * again after a failure tries the write once more.
	 * @throws PersistenceException if the final write fails
	 */
	void close() {
		flushOrClose(true);
	}

	private void flushOrClose(boolean close) {
		Op<T> op;
		this.lock.lock();
		try {
			if (close) {
				this.closed = true;
			}
			while (this.writing) {
				this.idle.awaitUninterruptibly();
			}
			op = this.pending;
			if (op == null) {
				if (close) {
					cancelTimer();
				}
				return;
			}
			cancelTimer();
			this.pending = null;
			this.firstPendingNanos = NONE;
			this.writing = true;
		}
		finally {
			this.lock.unlock();
		}
		PersistenceException failure = perform(op);
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Performs {@code op} (outside the lock) and records the outcome.
	 * @return the failure, already reported, or {@code null}
	 */
	private @Nullable PersistenceException perform(Op<T> op) {
		Failure failure = null;
		boolean completed = false;
		try {
			failure = attempt(op);
			completed = true;
		}
		finally {
			if (!completed) {
				// an Error is on its way up: keep the value pending and free the writer
				failure = new Failure(new PersistenceException("Write interrupted", this.key, null), true);
			}
			PersistenceException rejected = finish(op, failure);
			if (completed) {
				if (failure != null) {
					this.reporter.report(failure.exception);
				}
				if (rejected != null) {
					this.reporter.report(rejected);
				}
			}
		}
		return (failure != null) ? failure.exception : null;
	}

	private @Nullable Failure attempt(Op<T> op) {
		T value = op.value;
		String text = null;
		if (value != null) {
			try {
				text = Objects.requireNonNull(this.codec.encode(value), "encode returned null");
			}
			catch (RuntimeException ex) {
				return new Failure(new PersistenceException(
						"Cannot encode the value of '" + this.key + "'; it is not stored", this.key, ex), false);
			}
		}
		try {
			if (text == null) {
				this.storage.remove(this.key);
			}
			else {
				this.storage.set(this.key, text);
			}
			return null;
		}
		catch (StorageException ex) {
			return new Failure(ex, true);
		}
		catch (RuntimeException ex) {
			return new Failure(new StorageException("Cannot store '" + this.key + "'", this.key, ex), true);
		}
	}

	private @Nullable PersistenceException finish(Op<T> op, @Nullable Failure failure) {
		this.lock.lock();
		try {
			this.writing = false;
			this.idle.signalAll();
			if (failure == null || !failure.retryable) {
				this.failures = 0;
				return (this.pending != null && !this.closed) ? arm(nextDelay()) : null;
			}
			if (this.pending == null) {
				this.pending = op;
			}
			if (this.firstPendingNanos == NONE && this.maxWaitNanos != Long.MAX_VALUE) {
				// the failed change is still the oldest one not stored
				this.firstPendingNanos = now();
			}
			this.failures++;
			return this.closed ? null : arm(backoffNanos(this.failures));
		}
		finally {
			this.lock.unlock();
		}
	}

	private long backoffNanos(int failureCount) {
		int shift = Math.min(failureCount - 1, 40);
		long delay = this.retryInitialNanos << shift;
		if ((delay >> shift) != this.retryInitialNanos || delay > this.retryMaxNanos) {
			return this.retryMaxNanos;
		}
		return delay;
	}

	/**
	 * A value to store, or a removal when {@code value} is {@code null}.
	 */
	private record Op<T>(@Nullable T value) {
	}

	private record Failure(PersistenceException exception, boolean retryable) {
	}

}
