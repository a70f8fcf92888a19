package dev.philjs.core.optimistic;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.philjs.core.Memo;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * A state changed optimistically: a change shows at once, is confirmed with the server's
 * answer, and is rolled back if the server fails (the guide's "Optimistic Updates").
 *
 * <p>
 * The state is kept as <em>confirmed state + pending changes = visible state</em>.
 * {@link #apply} adds a change to the pending list, so {@link #value()} shows it at once.
 * When the request succeeds, the change leaves the pending list and the server's version
 * of it ({@code confirm}) is applied to the confirmed state, in one batch. When the
 * request fails, the change just leaves the pending list. The visible state is recomputed
 * by re-applying the remaining pending changes, in the order they were made, on top of
 * the confirmed state: so rolling back one change never undoes another one made before or
 * after it, and {@link #setConfirmed} (a fresh load from the server) keeps the pending
 * changes on top.
 *
 * <p>
 * Changes are functions and are re-applied whenever the confirmed state or the pending
 * list changes: they must be pure, and should not fail on a state where their target is
 * gone (a change that throws or returns {@code null} on re-application is skipped and
 * logged).
 *
 * <p>
 * Thread safety: every method may be called from any thread, and requests may complete on
 * any thread. Each step (apply, confirm, roll back) is atomic: other threads see the
 * visible state, the confirmed state and the pending count of one moment.
 *
 * @param <S> the type of the state
 * @since 0.1.0
 */
public final class Optimistic<S> {

	private static final System.Logger logger = System.getLogger(Optimistic.class.getName());

	private final Signal<S> confirmed;

	private final Signal<List<Change<S>>> changes = Reactive.signal(List.of());

	private final Memo<S> value;

	private final Memo<Integer> pendingCount;

	private Optimistic(S initial) {
		this.confirmed = Reactive.signal(initial);
		// Owned by nobody: they read only this object's signals and live as long as it.
		this.value = Reactive.runWithOwner(null,
				() -> Reactive.memo(() -> replay(this.confirmed.get(), this.changes.get())));
		this.pendingCount = Reactive.runWithOwner(null, () -> Reactive.memo(() -> this.changes.get().size()));
	}

	/**
	 * Creates an optimistic state with no pending change.
	 * @param <S> the type of the state
	 * @param initial the confirmed state to start from
	 * @return the optimistic state
	 * @throws NullPointerException if {@code initial} is {@code null}
	 */
	public static <S> Optimistic<S> of(S initial) {
		Objects.requireNonNull(initial, "initial must not be null");
		return new Optimistic<>(initial);
	}

	/**
	 * Returns the visible state: the confirmed state with the pending changes applied.
	 * @return a read-only signal
	 */
	public ReadSignal<S> value() {
		return this.value;
	}

	/**
	 * Returns the state as confirmed by the server.
	 * @return a read-only signal
	 */
	public ReadSignal<S> confirmed() {
		return this.confirmed.asReadOnly();
	}

	/**
	 * Returns how many changes wait for the server.
	 * @return a read-only signal
	 */
	public ReadSignal<Integer> pendingCount() {
		return this.pendingCount;
	}

	/**
	 * Replaces the confirmed state (for example with a fresh load from the server); the
	 * pending changes stay, re-applied on top of it.
	 * @param state the new confirmed state
	 * @throws NullPointerException if {@code state} is {@code null}
	 */
	public void setConfirmed(S state) {
		Objects.requireNonNull(state, "state must not be null");
		this.confirmed.set(state);
	}

	/**
	 * Applies {@code change} now and sends {@code request}; when the request succeeds,
	 * {@code confirm} turns its result into the confirmed state, when it fails the change
	 * is rolled back.
	 * @param <R> the type of the server's answer
	 * @param change the optimistic change; pure, applied now and re-applied whenever the
	 * state under it changes
	 * @param request sends the change to the server and returns its answer without
	 * blocking; called on the calling thread after the change is visible
	 * @param confirm computes the new confirmed state from the current confirmed state
	 * and the server's answer
	 * @return a stage completed with the server's answer once the state is confirmed, or
	 * failed with the request's failure (unwrapped) once the change is rolled back
	 * @throws NullPointerException if an argument is {@code null}, or {@code change}
	 * returns {@code null} on the current state
	 * @throws RuntimeException whatever {@code change} throws on the current state; then
	 * nothing changes and no request is sent
	 */
	public <R> CompletionStage<R> apply(UnaryOperator<S> change, Supplier<? extends CompletionStage<R>> request,
			BiFunction<? super S, ? super R, ? extends S> confirm) {
		Objects.requireNonNull(change, "change must not be null");
		return apply(null, change, (state) -> Objects.requireNonNull(change.apply(state), "change returned null"),
				request, confirm);
	}

	/**
	 * Like the public {@code apply}, with a key (reported by {@link #pendingKeys}) and a
	 * check run on the visible state, atomically, before the change is added.
	 */
	<R> CompletionStage<R> apply(@Nullable Object key, UnaryOperator<S> change, Consumer<S> check,
			Supplier<? extends CompletionStage<R>> request, BiFunction<? super S, ? super R, ? extends S> confirm) {
		Objects.requireNonNull(request, "request must not be null");
		Objects.requireNonNull(confirm, "confirm must not be null");
		Change<S> pending = new Change<>(key, change);
		Reactive.batch(() -> {
			check.accept(this.value.peek());
			this.changes.update((list) -> with(list, pending));
		});
		CompletableFuture<R> result = new CompletableFuture<>();
		CompletionStage<R> stage;
		try {
			stage = Objects.requireNonNull(request.get(), "request returned null");
		}
		catch (RuntimeException ex) {
			stage = CompletableFuture.failedFuture(ex);
		}
		stage.whenComplete((answer, failure) -> settle(pending, answer, failure, confirm, result));
		return result;
	}

	private <R> void settle(Change<S> pending, @Nullable R answer, @Nullable Throwable failure,
			BiFunction<? super S, ? super R, ? extends S> confirm, CompletableFuture<R> result) {
		Throwable problem = (failure != null) ? unwrap(failure) : null;
		if (problem == null) {
			boolean[] confirmed = { false };
			try {
				Reactive.batch(() -> {
					S next = Objects.requireNonNull(confirm.apply(this.confirmed.peek(), answer),
							"confirm returned null");
					this.confirmed.set(next);
					this.changes.update((list) -> without(list, pending));
					confirmed[0] = true;
				});
			}
			catch (RuntimeException ex) {
				if (confirmed[0]) {
					logger.log(Level.WARNING, "An effect failed after a change was confirmed", ex);
				}
				else {
					problem = ex;
				}
			}
		}
		if (problem != null) {
			this.changes.update((list) -> without(list, pending));
			result.completeExceptionally(problem);
		}
		else {
			result.complete(answer);
		}
	}

	/** The keys of the pending changes, in the order they were made. */
	Memo<List<@Nullable Object>> pendingKeys() {
		return Reactive.runWithOwner(null,
				() -> Reactive.memo(() -> this.changes.get().stream().map((c) -> c.key).toList()));
	}

	private static <S> S replay(S base, List<Change<S>> changes) {
		S state = base;
		for (Change<S> change : changes) {
			try {
				S next = change.change.apply(state);
				if (next == null) {
					logger.log(Level.WARNING, "Skipping a pending change that returned null");
				}
				else {
					state = next;
				}
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Skipping a pending change that failed on the current state", ex);
			}
		}
		return state;
	}

	private static <S> List<Change<S>> with(List<Change<S>> list, Change<S> change) {
		List<Change<S>> copy = new ArrayList<>(list.size() + 1);
		copy.addAll(list);
		copy.add(change);
		return List.copyOf(copy);
	}

	private static <S> List<Change<S>> without(List<Change<S>> list, Change<S> change) {
		if (!list.contains(change)) {
			return list;
		}
		List<Change<S>> copy = new ArrayList<>(list);
		copy.remove(change);
		return List.copyOf(copy);
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure.getCause();
		return (failure instanceof CompletionException && cause != null) ? cause : failure;
	}

	@Override
	public String toString() {
		return "Optimistic[confirmed=" + this.confirmed.peek() + ", pending=" + this.changes.peek().size() + "]";
	}

	/** One pending change; compared by identity. */
	private static final class Change<S> {

		final @Nullable Object key;

		final UnaryOperator<S> change;

		Change(@Nullable Object key, UnaryOperator<S> change) {
			this.key = key;
			this.change = change;
		}

	}

}
