package dev.philjs.core.internal;

import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;
import dev.philjs.core.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * A writable source. {@code value} is the current value; {@code observed} is the value
 * its subscribers last saw, compared with {@code value} when they pull.
 */
final class SignalNode<T> extends Node implements Signal<T> {

	private final @Nullable String name;

	private final @Nullable BiPredicate<? super T, ? super T> equals;

	private T value;

	private T observed;

	SignalNode(@Nullable String name, T initial, @Nullable BiPredicate<? super T, ? super T> equals) {
		super(SIGNAL);
		this.name = name;
		this.equals = equals;
		this.value = initial;
		this.observed = initial;
	}

	@Override
	public T get() {
		// fast path, kept small enough to inline: a committed signal read by the lock
		// holder
		if ((this.flags & DIRTY) == 0 && Graph.holdsLock()) {
			Graph.track(this);
			return this.value;
		}
		return Graph.holdsLock() ? read() : readUnlocked();
	}

	/**
	 * A read by a thread that does not hold the lock (so it tracks nothing): a committed
	 * value is read optimistically, without taking the lock.
	 */
	private T readUnlocked() {
		int stamp = Graph.optimisticStamp();
		if ((stamp & 1) == 0) {
			int f = this.flags;
			T v = this.value;
			if ((f & DIRTY) == 0 && Graph.validate(stamp)) {
				return v;
			}
		}
		return read();
	}

	private T read() {
		boolean acquired = Graph.enter();
		try {
			if ((this.flags & DIRTY) != 0) {
				commit();
			}
			OwnerNode sub = Graph.activeSub;
			if (sub != null) {
				Graph.link(this, sub);
			}
			return this.value;
		}
		finally {
			Graph.exit(acquired);
		}
	}

	@Override
	public T peek() {
		if (!Graph.holdsLock()) {
			int stamp = Graph.optimisticStamp();
			if ((stamp & 1) == 0) {
				T v = this.value;
				if (Graph.validate(stamp)) {
					return v;
				}
			}
		}
		boolean acquired = Graph.enter();
		try {
			return this.value;
		}
		finally {
			Graph.exit(acquired);
		}
	}

	@Override
	public void set(T newValue) {
		boolean acquired = Graph.enter();
		try {
			write(newValue);
		}
		finally {
			Graph.exit(acquired);
		}
	}

	@Override
	public T update(UnaryOperator<T> fn) {
		Graph.requireNonNull(fn, "update function");
		boolean acquired = Graph.enter();
		try {
			T next = Graph.applyUntracked(fn, this.value);
			write(next);
			return next;
		}
		finally {
			Graph.exit(acquired);
		}
	}

	private void write(T newValue) {
		if (isEqual(this.value, newValue)) {
			return;
		}
		this.value = newValue;
		Link subs = this.subs;
		if (subs == null) {
			this.observed = newValue;
			return;
		}
		this.flags |= DIRTY;
		Graph.propagate(subs);
		if (Graph.batchDepth() == 0) {
			Graph.flush();
		}
	}

	/**
	 * Makes the current value the observed one.
	 * @return whether subscribers saw a change (they are then marked DIRTY)
	 */
	boolean commit() {
		this.flags &= ~DIRTY;
		T prev = this.observed;
		T current = this.value;
		this.observed = current;
		boolean changed;
		try {
			changed = !isEqual(prev, current);
		}
		catch (RuntimeException ex) {
			changed = true;
		}
		if (changed) {
			Graph.shallowPropagate(this.subs);
		}
		return changed;
	}

	private boolean isEqual(T a, T b) {
		BiPredicate<? super T, ? super T> eq = this.equals;
		if (eq == null) {
			return Graph.sameValue(a, b);
		}
		// a custom equality may read signals: those reads belong to nobody
		return Graph.testUntracked(eq, a, b);
	}

	@Override
	public ReadSignal<T> asReadOnly() {
		return new ReadOnlyView<>(this);
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
	public String name() {
		String n = this.name;
		return (n != null) ? n : "Signal@" + Integer.toHexString(System.identityHashCode(this));
	}

	@Override
	public String toString() {
		return "Signal[" + name() + " = " + this.value + "]";
	}

}
