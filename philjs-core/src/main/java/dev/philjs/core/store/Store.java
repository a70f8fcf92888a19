package dev.philjs.core.store;

import java.util.function.BiPredicate;
import java.util.function.Supplier;

import dev.philjs.core.Disposable;
import dev.philjs.core.Effect;
import dev.philjs.core.Memo;
import dev.philjs.core.Owner;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * Base class for a store: state signals, memos derived from them (and from other stores),
 * and actions that change the state. The Java counterpart of PhilJS's
 * {@code createXStore()} factories.
 *
 * <p>
 * A store owns a root created when it is constructed (inside the current owner, if any: a
 * store created in a session's owner is disposed with the session). Memos and effects
 * created with {@link #memo} and {@link #effect} belong to that root, wherever they are
 * created from, and are disposed with the store. Actions written with
 * {@link #action(Runnable)} run as one batch, so their writes are seen together and
 * effects run once.
 *
 * <pre>{@code
 * class CounterStore extends Store {
 *     final Signal<Integer> count = signal("count", 0);
 *     final Memo<Integer> doubled = memo("doubled", () -> count.get() * 2);
 *     void increment() { action(() -> count.update(c -> c + 1)); }
 * }
 * }</pre>
 *
 * <p>
 * Thread safety: every method may be called from any thread; see {@link Reactive} for the
 * threading model.
 *
 * @since 0.1.0
 */
public abstract class Store implements Disposable {

	private final String storeName;

	private final Disposable root;

	private final Owner owner;

	/**
	 * Creates the store's root, named after the class.
	 */
	protected Store() {
		this(null);
	}

	/**
	 * Creates the store's root.
	 * @param name the store name used in debug names, or {@code null} for the simple
	 * class name
	 */
	protected Store(@Nullable String name) {
		this.storeName = (name != null) ? name : getClass().getSimpleName();
		Object[] created = new Object[2];
		Reactive.named(this.storeName).createRoot((dispose) -> {
			created[0] = dispose;
			created[1] = Reactive.getOwner();
			return null;
		});
		this.root = (Disposable) created[0];
		this.owner = (Owner) created[1];
	}

	/**
	 * Returns the store's name.
	 * @return the name
	 */
	public String storeName() {
		return this.storeName;
	}

	/**
	 * Creates a state signal named {@code storeName.name}.
	 * @param <T> the type of the value
	 * @param name the signal's name within the store
	 * @param initial the initial value
	 * @return the signal
	 */
	protected final <T> Signal<T> signal(String name, T initial) {
		return Reactive.named(this.storeName + "." + name).signal(initial);
	}

	/**
	 * Creates a state signal with a custom equality.
	 * @param <T> the type of the value
	 * @param name the signal's name within the store
	 * @param initial the initial value
	 * @param equals the equality
	 * @return the signal
	 */
	protected final <T> Signal<T> signal(String name, T initial, BiPredicate<? super T, ? super T> equals) {
		return Reactive.named(this.storeName + "." + name).signal(initial, equals);
	}

	/**
	 * Creates a memo owned by the store.
	 * @param <T> the type of the value
	 * @param name the memo's name within the store
	 * @param fn the computation
	 * @return the memo
	 */
	protected final <T> Memo<T> memo(String name, Supplier<T> fn) {
		return Reactive.runWithOwner(this.owner, () -> Reactive.named(this.storeName + "." + name).memo(fn));
	}

	/**
	 * Creates an effect owned by the store; it runs now and after each change of what it
	 * reads, until the store is disposed.
	 * @param name the effect's name within the store
	 * @param fn the body
	 * @return the effect
	 */
	protected final Effect effect(String name, Runnable fn) {
		return Reactive.runWithOwner(this.owner, () -> Reactive.named(this.storeName + "." + name).effect(fn));
	}

	/**
	 * Runs an action: its writes form one batch.
	 * @param body the action
	 */
	protected final void action(Runnable body) {
		Reactive.batch(body);
	}

	/**
	 * Runs an action that returns a result: its writes form one batch.
	 * @param <T> the type of the result
	 * @param body the action
	 * @return the result
	 */
	protected final <T> T action(Supplier<T> body) {
		return Reactive.batch(body);
	}

	/**
	 * Returns the store's owner, to create more owned nodes with
	 * {@link Reactive#runWithOwner}.
	 * @return the owner
	 */
	protected final Owner owner() {
		return this.owner;
	}

	/**
	 * Disposes the store's memos and effects and runs its cleanups. The signals keep
	 * their values.
	 */
	@Override
	public void dispose() {
		this.root.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.root.isDisposed();
	}

	@Override
	public String toString() {
		return "Store[" + this.storeName + "]";
	}

}
