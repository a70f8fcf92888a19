package dev.philjs.core.poll;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * Fetches a value again and again while started, and exposes it as signals (the guide's
 * "Polling Pattern").
 *
 * <p>
 * Rules:
 * <ul>
 * <li><strong>One fetch at a time.</strong> The next poll is scheduled {@code interval}
 * after the previous fetch completed (a fixed delay, not a fixed rate), so fetches of one
 * poller never overlap, however slow they are.</li>
 * <li><strong>{@link #refresh()} joins a fetch in flight</strong>: it returns that
 * fetch's result instead of starting a second one. When no fetch is in flight it fetches
 * now and the next poll comes {@code interval} after that fetch.</li>
 * <li><strong>Backoff.</strong> After {@code n} failures in a row the next poll waits
 * {@code interval * multiplier^n}, at most the maximum backoff; a success goes back to
 * {@code interval}.</li>
 * <li><strong>Polls only while started.</strong> {@link #stop()} cancels the next poll; a
 * fetch already in flight completes and its result is applied, but nothing more is
 * scheduled. {@link #start()} while that fetch is still in flight does not start another
 * one: polling resumes when it completes.</li>
 * </ul>
 * While a fetch is in flight {@link #loading()} is {@code true}. A success sets
 * {@link #data()} and clears {@link #error()}; a failure sets {@code error} (unwrapped
 * from {@link CompletionException}) and keeps {@code data}; the error stays visible until
 * a fetch succeeds, so that it does not flicker while retrying. The signals change
 * together, in one batch.
 *
 * <p>
 * Thread safety: every method may be called from any thread. The fetcher is always called
 * on the scheduler's threads; a blocking {@link Callable} fetcher occupies a scheduler
 * thread while it runs, a {@link CompletionStage} fetcher must return without blocking.
 * Completion may happen on any thread.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public final class Poller<T> implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(Poller.class.getName());

	private final Supplier<? extends CompletionStage<T>> fetcher;

	private final ScheduledExecutorService scheduler;

	private final long intervalNanos;

	private final boolean immediate;

	private final double multiplier;

	private final long maxDelayNanos;

	private final Signal<@Nullable T> data = Reactive.signal(null);

	private final Signal<Boolean> loading = Reactive.signal(false);

	private final Signal<@Nullable Throwable> error = Reactive.signal(null);

	private final Signal<Boolean> enabled = Reactive.signal(false);

	// The fields below are guarded by the graph lock: they are only touched inside
	// Reactive.batch bodies, which hold it.

	private boolean started;

	private @Nullable CompletableFuture<T> round;

	private @Nullable ScheduledFuture<?> next;

	private long ticket;

	private int failures;

	private Poller(Builder<T> builder, ScheduledExecutorService scheduler, long intervalNanos, long maxDelayNanos) {
		this.fetcher = builder.fetcher;
		this.scheduler = scheduler;
		this.intervalNanos = intervalNanos;
		this.immediate = builder.immediate;
		this.multiplier = builder.multiplier;
		this.maxDelayNanos = maxDelayNanos;
	}

	/**
	 * Starts building a poller whose fetcher returns a {@link CompletionStage}.
	 * @param <T> the type of the value
	 * @param fetcher starts a fetch and returns its stage without blocking
	 * @return the builder
	 * @throws NullPointerException if {@code fetcher} is {@code null}
	 */
	public static <T> Builder<T> fetching(Supplier<? extends CompletionStage<T>> fetcher) {
		Objects.requireNonNull(fetcher, "fetcher must not be null");
		return new Builder<>(fetcher);
	}

	/**
	 * Starts building a poller whose fetcher is a blocking call, run on a scheduler
	 * thread.
	 * @param <T> the type of the value
	 * @param fetcher fetches the value; an exception it throws becomes the
	 * {@link #error()}
	 * @return the builder
	 * @throws NullPointerException if {@code fetcher} is {@code null}
	 */
	public static <T> Builder<T> calling(Callable<? extends T> fetcher) {
		Objects.requireNonNull(fetcher, "fetcher must not be null");
		return new Builder<>(() -> {
			try {
				return CompletableFuture.completedFuture(fetcher.call());
			}
			catch (Exception ex) {
				return CompletableFuture.failedFuture(ex);
			}
		});
	}

	/**
	 * Returns the value of the latest successful fetch.
	 * @return a read-only signal, {@code null} until a fetch succeeds
	 */
	public ReadSignal<@Nullable T> data() {
		return this.data.asReadOnly();
	}

	/**
	 * Tells whether a fetch is in flight.
	 * @return a read-only signal
	 */
	public ReadSignal<Boolean> loading() {
		return this.loading.asReadOnly();
	}

	/**
	 * Returns the failure of the latest fetch, until a fetch succeeds.
	 * @return a read-only signal, {@code null} after a success
	 */
	public ReadSignal<@Nullable Throwable> error() {
		return this.error.asReadOnly();
	}

	/**
	 * Tells whether the poller is started.
	 * @return a read-only signal
	 */
	public ReadSignal<Boolean> enabled() {
		return this.enabled.asReadOnly();
	}

	/**
	 * Starts polling: the first fetch is scheduled now (if {@code immediate}) or after
	 * one interval, unless a fetch is still in flight, in which case polling resumes when
	 * it completes. Does nothing if already started.
	 */
	public void start() {
		Reactive.batch(() -> {
			if (this.started) {
				return;
			}
			this.started = true;
			this.failures = 0;
			this.enabled.set(true);
			if (this.round == null) {
				scheduleNext(this.immediate ? 0 : this.intervalNanos);
			}
		});
	}

	/**
	 * Stops polling: the next poll is cancelled; a fetch in flight completes and its
	 * result is applied. Does nothing if already stopped.
	 */
	public void stop() {
		Reactive.batch(() -> {
			if (!this.started) {
				return;
			}
			this.started = false;
			this.enabled.set(false);
			cancelNext();
		});
	}

	/**
	 * Same as {@link #stop()}, for try-with-resources. The poller can be started again.
	 */
	@Override
	public void close() {
		stop();
	}

	/**
	 * Fetches now: joins the fetch in flight if there is one, otherwise starts one on the
	 * scheduler and schedules the next poll {@code interval} after it.
	 * @return a stage completed with the result of the fetch (a copy: completing or
	 * cancelling it does not affect the poller); failed with
	 * {@link IllegalStateException} if the poller is stopped and no fetch is in flight
	 */
	public CompletionStage<T> refresh() {
		Refresh<T> refresh = Reactive.batch(() -> {
			CompletableFuture<T> current = this.round;
			if (current != null) {
				return new Refresh<>(current, false);
			}
			if (!this.started) {
				return null;
			}
			cancelNext();
			return new Refresh<>(claim(), true);
		});
		if (refresh == null) {
			return CompletableFuture.failedFuture(new IllegalStateException("poller is stopped"));
		}
		if (refresh.fresh) {
			try {
				this.scheduler.execute(() -> run(refresh.round));
			}
			catch (RejectedExecutionException ex) {
				finish(refresh.round, null, ex);
			}
		}
		return refresh.round.copy();
	}

	// ------------------------------------------------------------ machinery

	/** Runs on the scheduler when a scheduled poll is due. */
	private void poll(long ticket) {
		CompletableFuture<T> claimed = Reactive.batch(() -> {
			if (!this.started || ticket != this.ticket || this.round != null) {
				return null;
			}
			this.next = null;
			return claim();
		});
		if (claimed != null) {
			run(claimed);
		}
	}

	/** Marks a fetch as in flight; under the graph lock. */
	private CompletableFuture<T> claim() {
		CompletableFuture<T> claimed = new CompletableFuture<>();
		this.round = claimed;
		this.loading.set(true);
		return claimed;
	}

	private void run(CompletableFuture<T> round) {
		CompletionStage<T> stage;
		try {
			stage = Objects.requireNonNull(this.fetcher.get(), "fetcher returned null");
		}
		catch (RuntimeException ex) {
			stage = CompletableFuture.failedFuture(ex);
		}
		stage.whenComplete((value, failure) -> finish(round, value, failure));
	}

	private void finish(CompletableFuture<T> round, @Nullable T value, @Nullable Throwable failure) {
		Throwable cause = (failure != null) ? unwrap(failure) : null;
		Reactive.batch(() -> {
			this.round = null;
			if (cause == null) {
				this.failures = 0;
				this.data.set(value);
				this.error.set(null);
			}
			else {
				this.failures++;
				this.error.set(cause);
			}
			this.loading.set(false);
			if (this.started) {
				long delay = (cause == null) ? this.intervalNanos : backoffNanos(this.failures);
				if (cause != null) {
					logger.log(Level.DEBUG, () -> "Poll failed (" + this.failures + " in a row), next in "
							+ Duration.ofNanos(delay) + ": " + cause);
				}
				scheduleNext(delay);
			}
		});
		if (cause == null) {
			round.complete(value);
		}
		else {
			round.completeExceptionally(cause);
		}
	}

	private long backoffNanos(int failures) {
		double delay = this.intervalNanos * Math.pow(this.multiplier, failures);
		return (delay >= this.maxDelayNanos) ? this.maxDelayNanos : (long) delay;
	}

	/** Under the graph lock. */
	private void scheduleNext(long delayNanos) {
		cancelNext();
		long mine = this.ticket;
		try {
			this.next = this.scheduler.schedule(() -> poll(mine), delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.log(Level.WARNING, "Scheduler rejected the next poll; the poller stops", ex);
			this.started = false;
			this.enabled.set(false);
			this.error.set(ex);
		}
	}

	/** Under the graph lock. */
	private void cancelNext() {
		this.ticket++;
		ScheduledFuture<?> scheduled = this.next;
		this.next = null;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure.getCause();
		return (failure instanceof CompletionException && cause != null) ? cause : failure;
	}

	@Override
	public String toString() {
		return "Poller[enabled=" + this.enabled.peek() + ", loading=" + this.loading.peek() + ", data="
				+ this.data.peek() + ", error=" + this.error.peek() + "]";
	}

	private static long nanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private record Refresh<T>(CompletableFuture<T> round, boolean fresh) {
	}

	/**
	 * Configures a {@link Poller}. Not thread-safe: build on one thread.
	 *
	 * @param <T> the type of the value
	 * @since 0.1.0
	 */
	public static final class Builder<T> {

		private final Supplier<? extends CompletionStage<T>> fetcher;

		private @Nullable Duration interval;

		private boolean immediate = true;

		private @Nullable ScheduledExecutorService scheduler;

		private double multiplier = 2.0;

		private @Nullable Duration maxBackoff;

		private Builder(Supplier<? extends CompletionStage<T>> fetcher) {
			this.fetcher = fetcher;
		}

		/**
		 * Sets the delay between the end of one fetch and the start of the next.
		 * Required.
		 * @param interval a positive duration
		 * @return this builder
		 * @throws NullPointerException if {@code interval} is {@code null}
		 * @throws IllegalArgumentException if it is zero or negative
		 */
		public Builder<T> interval(Duration interval) {
			Objects.requireNonNull(interval, "interval must not be null");
			if (interval.isNegative() || interval.isZero()) {
				throw new IllegalArgumentException("interval must be positive, was " + interval);
			}
			this.interval = interval;
			return this;
		}

		/**
		 * Sets whether {@link Poller#start()} fetches at once (the default) or waits one
		 * interval.
		 * @param immediate {@code true} to fetch at once
		 * @return this builder
		 */
		public Builder<T> immediate(boolean immediate) {
			this.immediate = immediate;
			return this;
		}

		/**
		 * Sets the scheduler that runs the polls and the fetcher. Required. The poller
		 * does not shut it down.
		 * @param scheduler the scheduler
		 * @return this builder
		 * @throws NullPointerException if {@code scheduler} is {@code null}
		 */
		public Builder<T> scheduler(ScheduledExecutorService scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
			return this;
		}

		/**
		 * Sets the backoff after failures: the delay after {@code n} failures in a row is
		 * {@code interval * multiplier^n}, at most {@code max}. Default: multiplier 2,
		 * maximum 16 intervals. A multiplier of 1 disables backoff.
		 * @param multiplier at least 1
		 * @param max the longest delay, at least the interval
		 * @return this builder
		 * @throws NullPointerException if {@code max} is {@code null}
		 * @throws IllegalArgumentException if {@code multiplier} is below 1 or not a
		 * number, or {@code max} is negative
		 */
		public Builder<T> backoff(double multiplier, Duration max) {
			Objects.requireNonNull(max, "max must not be null");
			if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
				throw new IllegalArgumentException("multiplier must be a finite number >= 1, was " + multiplier);
			}
			if (max.isNegative()) {
				throw new IllegalArgumentException("max must not be negative, was " + max);
			}
			this.multiplier = multiplier;
			this.maxBackoff = max;
			return this;
		}

		/**
		 * Builds the poller, stopped.
		 * @return the poller; call {@link Poller#start()}
		 * @throws IllegalStateException if the interval or the scheduler is missing, or
		 * the maximum backoff is shorter than the interval
		 */
		public Poller<T> build() {
			Duration every = this.interval;
			if (every == null) {
				throw new IllegalStateException("interval must be set");
			}
			ScheduledExecutorService runner = this.scheduler;
			if (runner == null) {
				throw new IllegalStateException("scheduler must be set");
			}
			long intervalNanos = nanos(every);
			Duration max = this.maxBackoff;
			long maxNanos;
			if (max == null) {
				maxNanos = (intervalNanos > Long.MAX_VALUE / 16) ? Long.MAX_VALUE : intervalNanos * 16;
			}
			else if (max.compareTo(every) < 0) {
				throw new IllegalStateException(
						"maximum backoff " + max + " must not be shorter than the interval " + every);
			}
			else {
				maxNanos = nanos(max);
			}
			return new Poller<>(this, runner, intervalNanos, maxNanos);
		}

	}

}
