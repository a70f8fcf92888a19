package dev.philjs.core.internal;

import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.philjs.core.Memo;
import dev.philjs.core.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * A lazily computed, cached derived value. A computation that throws caches the
 * exception.
 */
final class MemoNode<T> extends OwnerNode implements Memo<T> {

	private static final int NOT_CLEAN = DIRTY | PENDING | RUNNING | DISPOSED;

	final Supplier<T> fn;

	private final @Nullable BiPredicate<? super T, ? super T> equals;

	private @Nullable T value;

	private @Nullable Throwable error;

	MemoNode(@Nullable OwnerNode parent, @Nullable String name, Supplier<T> fn,
			@Nullable BiPredicate<? super T, ? super T> equals) {
		super(MEMO | DIRTY, parent, name);
		this.fn = fn;
		this.equals = equals;
	}

	@Override
	String kindName() {
		return "Memo";
	}

	@Override
	@SuppressWarnings("NullAway")
	public T get() {
		// fast path, kept small enough to inline: a clean memo read by the lock holder
		if ((this.flags & NOT_CLEAN) == 0 && this.error == null && Graph.holdsLock()) {
			Graph.track(this);
			return this.value;
		}
		return Graph.holdsLock() ? readHeld() : readUnlocked(true);
	}

	/**
	 * A tracked read by the lock holder of a memo that may have to be brought up to date
	 * (what {@link #read} does, without entering the lock again).
	 */
	@SuppressWarnings("NullAway")
	private T readHeld() {
		if ((this.flags & (DISPOSED | RUNNING)) != 0) {
			return read(true);
		}
		Graph.refreshMemo(this);
		Graph.track(this);
		Graph.afterRead();
		Throwable err = this.error;
		if (err != null) {
			throw Graph.sneaky(err);
		}
		return this.value;
	}

	@Override
	public T peek() {
		return Graph.holdsLock() ? read(false) : readUnlocked(false);
	}

	/**
	 * A read by a thread that does not hold the lock (so it tracks nothing): a clean
	 * memo's value is read optimistically, without taking the lock.
	 */
	@SuppressWarnings("NullAway")
	private T readUnlocked(boolean track) {
		int stamp = Graph.optimisticStamp();
		if ((stamp & 1) == 0) {
			int f = this.flags;
			Throwable err = this.error;
			T v = this.value;
			if ((f & NOT_CLEAN) == 0 && err == null && Graph.validate(stamp)) {
				return v;
			}
		}
		return read(track);
	}

	@SuppressWarnings("NullAway")
	private T read(boolean track) {
		boolean acquired = Graph.enter();
		try {
			int f = this.flags;
			if ((f & DISPOSED) != 0) {
				return this.value;
			}
			if ((f & RUNNING) != 0) {
				throw new dev.philjs.core.CycleDetectedException(
						"Cycle detected: memo '" + name() + "' reads itself while computing");
			}
			Graph.refreshMemo(this);
			if (track) {
				OwnerNode sub = Graph.activeSub;
				if (sub != null) {
					Graph.link(this, sub);
				}
			}
			Graph.afterRead();
			Throwable err = this.error;
			if (err != null) {
				throw Graph.sneaky(err);
			}
			return this.value;
		}
		finally {
			Graph.exit(acquired);
		}
	}

	/**
	 * Stores the result of a computation.
	 * @return whether subscribers must see a change
	 */
	boolean accept(@Nullable T next, @Nullable Throwable failure) {
		boolean first = (this.flags & COMPUTED_ONCE) == 0;
		if (first) {
			this.flags |= COMPUTED_ONCE;
		}
		if (failure != null) {
			boolean changed = first || this.error != failure;
			this.error = failure;
			return changed;
		}
		if (first || this.error != null) {
			this.error = null;
			this.value = next;
			return true;
		}
		boolean same;
		try {
			BiPredicate<? super T, ? super T> eq = this.equals;
			same = (eq != null) ? Graph.testUntracked(eq, this.value, next) : Graph.sameValue(this.value, next);
		}
		catch (Throwable ex) {
			this.error = ex;
			return true;
		}
		if (same) {
			return false;
		}
		this.value = next;
		return true;
	}

	@Override
	public Subscription subscribe(Consumer<? super T> listener) {
		return Subscriptions.sync(this, listener);
	}

	@Override
	public Subscription subscribe(Consumer<? super T> listener, Executor executor) {
		return Subscriptions.async(this, listener, executor);
	}

	@Override
	public String toString() {
		return "Memo[" + name() + " = " + this.value + (isDisposed() ? ", disposed" : "") + "]";
	}

}
