package dev.philjs.core.optimistic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.philjs.core.Memo;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import org.jspecify.annotations.Nullable;

/**
 * A list of items with ids, changed optimistically: the guide's optimistic store, with
 * {@link #add}, {@link #update} and {@link #remove}, each applied at once, confirmed with
 * the server's answer or rolled back on failure, and {@link #pendingIds()} telling which
 * items wait for the server.
 *
 * <p>
 * Built on {@link Optimistic}: the visible list is the confirmed list with the pending
 * changes re-applied on top, so overlapping changes roll back independently. Re-applied
 * changes are forgiving: an update or removal whose item is gone does nothing, and an
 * added item whose id is already in the list replaces that item instead of appearing
 * twice (useful with ids made by the client).
 *
 * <p>
 * Thread safety: every method may be called from any thread, and requests may complete on
 * any thread; each step is atomic.
 *
 * @param <K> the type of the ids
 * @param <T> the type of the items; immutable values (records) work best
 * @since 0.1.0
 */
public final class OptimisticList<K, T> {

	private final Optimistic<List<T>> state;

	private final Function<? super T, ? extends K> idOf;

	private final Memo<Set<K>> pendingIds;

	private OptimisticList(List<T> initial, Function<? super T, ? extends K> idOf) {
		this.state = Optimistic.of(initial);
		this.idOf = idOf;
		Memo<List<@Nullable Object>> keys = this.state.pendingKeys();
		this.pendingIds = Reactive.runWithOwner(null, () -> Reactive.memo(() -> {
			Set<K> ids = new LinkedHashSet<>();
			for (Object key : keys.get()) {
				@SuppressWarnings("unchecked")
				K id = (K) key;
				ids.add(id);
			}
			return Collections.unmodifiableSet(ids);
		}));
	}

	/**
	 * Creates an optimistic list.
	 * @param <K> the type of the ids
	 * @param <T> the type of the items
	 * @param initial the confirmed items to start from (copied)
	 * @param id gives the id of an item
	 * @return the list, with no pending change
	 * @throws NullPointerException if an argument is {@code null} or {@code initial}
	 * holds {@code null}
	 */
	public static <K, T> OptimisticList<K, T> of(List<T> initial, Function<? super T, ? extends K> id) {
		Objects.requireNonNull(initial, "initial must not be null");
		Objects.requireNonNull(id, "id must not be null");
		return new OptimisticList<>(List.copyOf(initial), id);
	}

	/**
	 * Returns the visible items: the confirmed ones with the pending changes applied.
	 * @return a read-only signal of an unmodifiable list
	 */
	public ReadSignal<List<T>> items() {
		return this.state.value();
	}

	/**
	 * Returns the items as confirmed by the server.
	 * @return a read-only signal of an unmodifiable list
	 */
	public ReadSignal<List<T>> confirmed() {
		return this.state.confirmed();
	}

	/**
	 * Returns the ids of the items with at least one change waiting for the server (for
	 * an added item, the id of the optimistic item).
	 * @return a read-only signal of an unmodifiable set, in the order of the changes
	 */
	public ReadSignal<Set<K>> pendingIds() {
		return this.pendingIds;
	}

	/**
	 * Returns how many changes wait for the server.
	 * @return a read-only signal
	 */
	public ReadSignal<Integer> pendingCount() {
		return this.state.pendingCount();
	}

	/**
	 * Replaces the confirmed items (for example with a fresh load); pending changes stay
	 * on top.
	 * @param items the items (copied)
	 * @throws NullPointerException if {@code items} is or holds {@code null}
	 */
	public void setConfirmed(List<T> items) {
		Objects.requireNonNull(items, "items must not be null");
		this.state.setConfirmed(List.copyOf(items));
	}

	/**
	 * Shows {@code item} at the end of the list now and sends {@code request}; on success
	 * the item the server returns (with its real id) replaces it, on failure it
	 * disappears.
	 * @param item the optimistic item, usually with a temporary id
	 * @param request creates the item on the server, without blocking
	 * @return a stage completed with the server's item, or failed once rolled back
	 * @throws NullPointerException if an argument is {@code null}
	 */
	public CompletionStage<T> add(T item, Supplier<? extends CompletionStage<T>> request) {
		Objects.requireNonNull(item, "item must not be null");
		Objects.requireNonNull(request, "request must not be null");
		K id = this.idOf.apply(item);
		return this.state.apply(id, (list) -> put(list, item), (list) -> {
		}, request, (base, created) -> put(base, Objects.requireNonNull(created, "server returned no item")));
	}

	/**
	 * Shows {@code change} applied to the item {@code id} now and sends {@code request};
	 * on success the item the server returns replaces it, on failure the change is rolled
	 * back (other changes to the same item stay).
	 * @param id the id of a visible item
	 * @param change computes the changed item; pure
	 * @param request sends the change to the server, without blocking
	 * @return a stage completed with the server's item, or failed once rolled back
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if no visible item has this id; then nothing
	 * changes and no request is sent
	 */
	public CompletionStage<T> update(K id, UnaryOperator<T> change, Supplier<? extends CompletionStage<T>> request) {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(change, "change must not be null");
		Objects.requireNonNull(request, "request must not be null");
		return this.state.apply(id, (list) -> map(list, id, change), (list) -> {
			requirePresent(list, id);
			map(list, id, change);
		}, request,
				(base, updated) -> map(base, id, (old) -> Objects.requireNonNull(updated, "server returned no item")));
	}

	/**
	 * Hides the item {@code id} now and sends {@code request}; on success it is removed
	 * from the confirmed list, on failure it shows again.
	 * @param id the id of a visible item
	 * @param request deletes the item on the server, without blocking
	 * @return a stage completed once removed, or failed once rolled back
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if no visible item has this id; then nothing
	 * changes and no request is sent
	 */
	public CompletionStage<Void> remove(K id, Supplier<? extends CompletionStage<?>> request) {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(request, "request must not be null");
		Supplier<CompletionStage<Void>> sent = () -> {
			CompletionStage<?> answer = Objects.requireNonNull(request.get(), "request returned null");
			return answer.thenApply((ignored) -> null);
		};
		return this.state.apply(id, (list) -> without(list, id), (list) -> requirePresent(list, id), sent,
				(base, ignored) -> without(base, id));
	}

	private void requirePresent(List<T> list, K id) {
		for (T item : list) {
			if (Objects.equals(this.idOf.apply(item), id)) {
				return;
			}
		}
		throw new IllegalArgumentException("no item with id " + id);
	}

	/** Replaces the item with the same id, or appends. */
	private List<T> put(List<T> list, T item) {
		K id = this.idOf.apply(item);
		List<T> copy = new ArrayList<>(list.size() + 1);
		boolean replaced = false;
		for (T existing : list) {
			if (!replaced && Objects.equals(this.idOf.apply(existing), id)) {
				copy.add(item);
				replaced = true;
			}
			else {
				copy.add(existing);
			}
		}
		if (!replaced) {
			copy.add(item);
		}
		return Collections.unmodifiableList(copy);
	}

	private List<T> map(List<T> list, K id, UnaryOperator<T> change) {
		List<T> copy = new ArrayList<>(list.size());
		boolean found = false;
		for (T item : list) {
			if (Objects.equals(this.idOf.apply(item), id)) {
				copy.add(Objects.requireNonNull(change.apply(item), "change returned null"));
				found = true;
			}
			else {
				copy.add(item);
			}
		}
		return found ? Collections.unmodifiableList(copy) : list;
	}

	private List<T> without(List<T> list, K id) {
		List<T> copy = new ArrayList<>(list.size());
		for (T item : list) {
			if (!Objects.equals(this.idOf.apply(item), id)) {
				copy.add(item);
			}
		}
		return (copy.size() == list.size()) ? list : Collections.unmodifiableList(copy);
	}

	@Override
	public String toString() {
		return "OptimisticList[" + this.state + "]";
	}

}
