package dev.philjs.core.persist;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * How a persistent value is stored: the guide's {@code PersistOptions} (key, storage,
 * serializer, debounce) plus what a server needs (a merge hook for old stored objects,
 * the executor that does the I/O, retries with backoff, an error listener).
 *
 * <p>
 * Immutable and thread-safe; build it with {@link #builder(String, StateStorage, Codec)}.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public final class PersistOptions<T> {

	static final Duration DEFAULT_RETRY_INITIAL = Duration.ofSeconds(1);

	static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(1);

	final String key;

	final StateStorage storage;

	final Codec<T> codec;

	final Duration debounce;

	final @Nullable Duration maxWait;

	final BinaryOperator<T> merge;

	final @Nullable ScheduledExecutorService scheduler;

	final Duration retryInitial;

	final Duration retryMax;

	final Clock clock;

	final Consumer<? super PersistenceException> onError;

	private PersistOptions(Builder<T> builder) {
		this.key = builder.key;
		this.storage = builder.storage;
		this.codec = builder.codec;
		this.debounce = builder.debounce;
		this.maxWait = builder.maxWait;
		this.merge = builder.merge;
		this.scheduler = builder.scheduler;
		this.retryInitial = builder.retryInitial;
		this.retryMax = builder.retryMax;
		this.clock = builder.clock;
		this.onError = builder.onError;
	}

	/**
	 * Starts options for the value stored under {@code key} in {@code storage}, encoded
	 * by {@code codec}.
	 * @param <T> the type of the value
	 * @param key the storage key (for a {@link PersistentMap}, the prefix of its entries'
	 * keys)
	 * @param storage where the value is stored
	 * @param codec how the value becomes text
	 * @return the builder
	 * @throws NullPointerException if an argument is {@code null}
	 */
	public static <T> Builder<T> builder(String key, StateStorage storage, Codec<T> codec) {
		return new Builder<>(key, storage, codec);
	}

	/**
	 * Returns the storage key (or prefix).
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	ScheduledExecutorService schedulerOrDefault() {
		ScheduledExecutorService s = this.scheduler;
		return (s != null) ? s : Persistence.defaultScheduler();
	}

	@Override
	public String toString() {
		return "PersistOptions[key=" + this.key + ", storage=" + this.storage + ", debounce=" + this.debounce + "]";
	}

	/**
	 * Builds {@link PersistOptions}. Not thread-safe: build on one thread, then share the
	 * options.
	 *
	 * @param <T> the type of the value
	 * @since 0.1.0
	 */
	public static final class Builder<T> {

		private final String key;

		private final StateStorage storage;

		private final Codec<T> codec;

		private Duration debounce = Duration.ZERO;

		private @Nullable Duration maxWait;

		private BinaryOperator<T> merge = (initial, stored) -> stored;

		private @Nullable ScheduledExecutorService scheduler;

		private Duration retryInitial = DEFAULT_RETRY_INITIAL;

		private Duration retryMax = DEFAULT_RETRY_MAX;

		private Clock clock = Clock.systemUTC();

		private Consumer<? super PersistenceException> onError = (error) -> {
		};

		private Builder(String key, StateStorage storage, Codec<T> codec) {
			this.key = Objects.requireNonNull(key, "key must not be null");
			this.storage = Objects.requireNonNull(storage, "storage must not be null");
			this.codec = Objects.requireNonNull(codec, "codec must not be null");
		}

		/**
		 * Sets how long to wait after the last change before writing (default zero: every
		 * change is written as soon as the executor gets to it). A burst of changes
		 * closer together than this is written once, with the latest value.
		 * @param debounce the quiet period, zero or positive
		 * @return this builder
		 * @throws IllegalArgumentException if {@code debounce} is negative
		 */
		public Builder<T> debounce(Duration debounce) {
			Objects.requireNonNull(debounce, "debounce must not be null");
			if (debounce.isNegative()) {
				throw new IllegalArgumentException("debounce must not be negative, got " + debounce);
			}
			this.debounce = debounce;
			return this;
		}

		/**
		 * Sets the longest a change may wait to be written while changes keep coming
		 * (default: no limit, the guide's pure debounce, where a steady stream of changes
		 * closer together than the debounce is never written until it pauses). With a
		 * limit, a change is written at most {@code maxWait} after it was made, still
		 * with the latest value: that bounds what a hard kill can lose.
		 * @param maxWait the limit, positive
		 * @return this builder
		 * @throws IllegalArgumentException if {@code maxWait} is not positive
		 */
		public Builder<T> maxWait(Duration maxWait) {
			Objects.requireNonNull(maxWait, "maxWait must not be null");
			if (maxWait.isNegative() || maxWait.isZero()) {
				throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
			}
			this.maxWait = maxWait;
			return this;
		}

		/**
		 * Sets how a loaded value is combined with the initial one, so that fields added
		 * to the defaults after the value was stored get their default (the guide's
		 * {@code {...defaultSettings, ...stored}}). Called once, at load, with the
		 * initial value and the decoded one; it must not return {@code null}. The default
		 * returns the stored value. A persistent map does not use it.
		 * @param merge the merge function
		 * @return this builder
		 */
		public Builder<T> merge(BinaryOperator<T> merge) {
			this.merge = Objects.requireNonNull(merge, "merge must not be null");
			return this;
		}

		/**
		 * Sets the executor that runs the writes, debounce timers and retries. It must
		 * not be shut down while the value is open. The default is one shared daemon
		 * thread of this library.
		 * @param scheduler the executor
		 * @return this builder
		 */
		public Builder<T> scheduler(ScheduledExecutorService scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
			return this;
		}

		/**
		 * Sets the delays between retries of a failing write: {@code initial} after the
		 * first failure, doubled after each further one, at most {@code max} (defaults 1
		 * s and 1 min).
		 * @param initial the first delay, positive
		 * @param max the largest delay, at least {@code initial}
		 * @return this builder
		 * @throws IllegalArgumentException if {@code initial} is not positive or
		 * {@code max} is smaller than it
		 */
		public Builder<T> retryBackoff(Duration initial, Duration max) {
			Objects.requireNonNull(initial, "initial must not be null");
			Objects.requireNonNull(max, "max must not be null");
			if (initial.isZero() || initial.isNegative()) {
				throw new IllegalArgumentException("initial retry delay must be positive, got " + initial);
			}
			if (max.compareTo(initial) < 0) {
				throw new IllegalArgumentException(
						"max retry delay must be at least the initial one (" + initial + "), got " + max);
			}
			this.retryInitial = initial;
			this.retryMax = max;
			return this;
		}

		/**
		 * Sets the clock that stamps quarantined values and cached fetches (default the
		 * system clock in UTC).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder<T> clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Sets the listener told of every failure to load, decode, encode or store: a
		 * {@link StorageException}, a {@link CorruptValueException} or a
		 * {@link PersistenceException} wrapping an encoding failure. Every failure is
		 * also logged as a warning through {@link System.Logger}. The listener runs on
		 * the thread that met the failure, possibly while the graph lock is held: keep it
		 * short and never block in it. An exception it throws is logged and ignored.
		 * @param onError the listener
		 * @return this builder
		 */
		public Builder<T> onError(Consumer<? super PersistenceException> onError) {
			this.onError = Objects.requireNonNull(onError, "onError must not be null");
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 */
		public PersistOptions<T> build() {
			return new PersistOptions<>(this);
		}

	}

}
