package dev.philjs.core.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.philjs.core.Disposable;
import dev.philjs.core.Memo;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * The undo/redo history of a signal (the guide's "Undo/Redo").
 *
 * <p>
 * The history watches its signal: every change is recorded, whether it comes from
 * {@link #set}, from code that writes the signal directly, or from another thread. A
 * {@link Reactive#batch(Runnable) batch} is one step: several writes inside one batch
 * become one undo step (and a batch that ends where it started records nothing). With
 * {@linkplain Builder#coalesce(Duration, Clock) coalescing}, the edits made within a
 * window after the first edit of a step join that step, so typing a word is one step, not
 * one per key. {@link #undo()} and {@link #redo()} move through the steps; a new edit
 * after an undo discards the steps that could have been redone. The history keeps at most
 * {@linkplain Builder#depth(int) depth} undo steps (100 by default) and drops the oldest.
 *
 * <p>
 * Thread safety: every method may be called from any thread. The history's state is
 * guarded by the graph lock: {@code undo}, {@code redo} and {@code reset} are atomic
 * batches, and changes are recorded by a synchronous subscription, which runs under the
 * lock at the end of the writing batch, so steps have one order, the order of the writes.
 *
 * <p>
 * A history created while a reactive owner is current is disposed with that owner.
 *
 * @param <T> the type of the value; values should be immutable, since the history keeps
 * references to them
 * @since 0.1.0
 */
public final class UndoHistory<T> implements Disposable {

	private final Signal<T> value;

	private final int depth;

	private final @Nullable Duration window;

	private final Clock clock;

	private final Signal<Integer> undoSteps = Reactive.signal(0);

	private final Signal<Integer> redoSteps = Reactive.signal(0);

	private final Memo<Boolean> canUndo;

	private final Memo<Boolean> canRedo;

	private final Subscription subscription;

	// The fields below are guarded by the graph lock: they are only touched inside
	// Reactive.batch bodies and the synchronous subscription, which hold it.

	/** Undo steps, oldest first. */
	private final List<T> past = new ArrayList<>();

	/** Redo steps, the next one last. */
	private final List<T> future = new ArrayList<>();

	private boolean started;

	private T initial;

	private T present;

	/** When the current step began, while later edits may join it; else null. */
	private @Nullable Instant stepStart;

	private boolean disposed;

	private UndoHistory(Signal<T> value, int depth, @Nullable Duration window, Clock clock) {
		this.value = value;
		this.depth = depth;
		this.window = window;
		this.clock = clock;
		T current = value.peek();
		this.initial = current;
		this.present = current;
		// Owned by nobody: they read only this object's signals and live as long as it.
		this.canUndo = Reactive.runWithOwner(null, () -> Reactive.memo(() -> this.undoSteps.get() > 0));
		this.canRedo = Reactive.runWithOwner(null, () -> Reactive.memo(() -> this.redoSteps.get() > 0));
		// The first delivery happens now, under the lock, and fixes the initial value
		// atomically with the subscription.
		this.subscription = value.subscribe(this::record);
		if (Reactive.getOwner() != null) {
			Reactive.onCleanup(this::dispose);
		}
	}

	/**
	 * Creates a signal holding {@code initial} and a history of it, with the default
	 * settings.
	 * @param <T> the type of the value
	 * @param initial the initial value, also the value {@link #reset()} goes back to
	 * @return the history; its signal is {@link #value()}
	 */
	public static <T> UndoHistory<T> create(T initial) {
		return builder().create(initial);
	}

	/**
	 * Creates a history of an existing signal, with the default settings. Its current
	 * value is the one {@link #reset()} goes back to.
	 * @param <T> the type of the value
	 * @param signal the signal
	 * @return the history
	 * @throws NullPointerException if {@code signal} is {@code null}
	 */
	public static <T> UndoHistory<T> wrap(Signal<T> signal) {
		return builder().wrap(signal);
	}

	/**
	 * Starts configuring a history (depth, coalescing).
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the signal whose history this is. Writing it directly is recorded like
	 * {@link #set}.
	 * @return the signal
	 */
	public Signal<T> value() {
		return this.value;
	}

	/**
	 * Tells whether there is a step to undo.
	 * @return a read-only memo
	 */
	public ReadSignal<Boolean> canUndo() {
		return this.canUndo;
	}

	/**
	 * Tells whether there is a step to redo.
	 * @return a read-only memo
	 */
	public ReadSignal<Boolean> canRedo() {
		return this.canRedo;
	}

	/**
	 * Sets the value: one undo step (or part of the current one, inside a batch or a
	 * coalescing window). Same as writing {@link #value()}.
	 * @param newValue the new value
	 * @throws IllegalStateException if the history is disposed
	 */
	public void set(T newValue) {
		requireOpen();
		this.value.set(newValue);
	}

	/**
	 * Goes back one step.
	 * @return {@code false} if there was nothing to undo
	 * @throws IllegalStateException if the history is disposed
	 */
	public boolean undo() {
		return Reactive.batch(() -> {
			requireOpen();
			catchUp();
			if (this.past.isEmpty()) {
				return false;
			}
			this.future.add(this.present);
			this.present = this.past.remove(this.past.size() - 1);
			this.stepStart = null;
			publish();
			this.value.set(this.present);
			return true;
		});
	}

	/**
	 * Goes forward one step, after an {@link #undo()}.
	 * @return {@code false} if there was nothing to redo
	 * @throws IllegalStateException if the history is disposed
	 */
	public boolean redo() {
		return Reactive.batch(() -> {
			requireOpen();
			catchUp();
			if (this.future.isEmpty()) {
				return false;
			}
			this.past.add(this.present);
			this.present = this.future.remove(this.future.size() - 1);
			this.stepStart = null;
			publish();
			this.value.set(this.present);
			return true;
		});
	}

	/**
	 * Sets the value back to the initial one and forgets all steps.
	 * @throws IllegalStateException if the history is disposed
	 */
	public void reset() {
		Reactive.batch(() -> {
			requireOpen();
			this.past.clear();
			this.future.clear();
			this.present = this.initial;
			this.stepStart = null;
			publish();
			this.value.set(this.initial);
		});
	}

	/**
	 * Stops recording and forgets all steps; the signal keeps its value and stays usable,
	 * {@code canUndo} and {@code canRedo} become {@code false}. Idempotent.
	 */
	@Override
	public void dispose() {
		boolean first = Reactive.batch(() -> {
			if (this.disposed) {
				return false;
			}
			this.disposed = true;
			this.past.clear();
			this.future.clear();
			publish();
			return true;
		});
		if (first) {
			this.subscription.close();
		}
	}

	/**
	 * Tells whether {@link #dispose()} was called.
	 * @return {@code true} once disposed
	 */
	@Override
	public boolean isDisposed() {
		return Reactive.batch(() -> this.disposed);
	}

	/** Called under the lock with each new value of the signal. */
	private void record(T newValue) {
		if (!this.started) {
			this.started = true;
			this.initial = newValue;
			this.present = newValue;
			return;
		}
		if (this.disposed || same(newValue, this.present)) {
			return;
		}
		Instant now = (this.window != null) ? this.clock.instant() : null;
		if (now != null && joinsCurrentStep(now)) {
			this.present = newValue;
		}
		else {
			this.past.add(this.present);
			if (this.past.size() > this.depth) {
				this.past.remove(0);
			}
			this.present = newValue;
			this.stepStart = now;
		}
		this.future.clear();
		publish();
	}

	private boolean joinsCurrentStep(Instant now) {
		Instant start = this.stepStart;
		Duration window = this.window;
		if (start == null || window == null || now.isBefore(start)) {
			return false;
		}
		return Duration.between(start, now).compareTo(window) < 0;
	}

	/**
	 * Records a write made earlier in the current batch, not yet seen by the
	 * subscription.
	 */
	private void catchUp() {
		T current = this.value.peek();
		if (!same(current, this.present)) {
			record(current);
		}
	}

	private void publish() {
		this.undoSteps.set(this.past.size());
		this.redoSteps.set(this.future.size());
	}

	private void requireOpen() {
		if (Reactive.batch(() -> this.disposed)) {
			throw new IllegalStateException("history of " + this.value.name() + " is disposed");
		}
	}

	private static boolean same(@Nullable Object a, @Nullable Object b) {
		return a == b || Objects.equals(a, b);
	}

	@Override
	public String toString() {
		return "UndoHistory[" + this.value.name() + ", undo=" + this.undoSteps.peek() + ", redo="
				+ this.redoSteps.peek() + "]";
	}

	/**
	 * Configures an {@link UndoHistory}. Not thread-safe: configure on one thread.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private int depth = 100;

		private @Nullable Duration window;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * Sets how many undo steps are kept; older ones are dropped. Default 100.
		 * @param depth at least 1
		 * @return this builder
		 * @throws IllegalArgumentException if {@code depth} is below 1
		 */
		public Builder depth(int depth) {
			if (depth < 1) {
				throw new IllegalArgumentException("depth must be at least 1, was " + depth);
			}
			this.depth = depth;
			return this;
		}

		/**
		 * Makes the edits that come less than {@code window} after the first edit of a
		 * step join that step, reading the time from the system clock. An undo, a redo or
		 * a reset closes the step.
		 * @param window a positive duration
		 * @return this builder
		 * @throws NullPointerException if {@code window} is {@code null}
		 * @throws IllegalArgumentException if it is zero or negative
		 */
		public Builder coalesce(Duration window) {
			return coalesce(window, Clock.systemUTC());
		}

		/**
		 * Like {@link #coalesce(Duration)}, reading the time from {@code clock}.
		 * @param window a positive duration
		 * @param clock the clock
		 * @return this builder
		 * @throws NullPointerException if an argument is {@code null}
		 * @throws IllegalArgumentException if {@code window} is zero or negative
		 */
		public Builder coalesce(Duration window, Clock clock) {
			Objects.requireNonNull(window, "window must not be null");
			Objects.requireNonNull(clock, "clock must not be null");
			if (window.isNegative() || window.isZero()) {
				throw new IllegalArgumentException("window must be positive, was " + window);
			}
			this.window = window;
			this.clock = clock;
			return this;
		}

		/**
		 * Creates a signal holding {@code initial} and its history.
		 * @param <T> the type of the value
		 * @param initial the initial value
		 * @return the history
		 */
		public <T> UndoHistory<T> create(T initial) {
			return wrap(Reactive.signal(initial));
		}

		/**
		 * Creates the history of an existing signal.
		 * @param <T> the type of the value
		 * @param signal the signal
		 * @return the history
		 * @throws NullPointerException if {@code signal} is {@code null}
		 */
		public <T> UndoHistory<T> wrap(Signal<T> signal) {
			Objects.requireNonNull(signal, "signal must not be null");
			return new UndoHistory<>(signal, this.depth, this.window, this.clock);
		}

	}

}
