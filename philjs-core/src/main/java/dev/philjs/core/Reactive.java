package dev.philjs.core;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.philjs.core.internal.Graph;
import org.jspecify.annotations.Nullable;

/**
 * The entry points of the reactive engine, mirroring PhilJS: {@code signal},
 * {@code memo}, {@code effect}, {@code batch}, {@code untrack}, {@code createRoot},
 * {@code onCleanup}, ownership and context.
 *
 * <h2>Threading model</h2> There is one reactive graph per JVM (per class loader),
 * guarded by one lock. Every method may be called from any thread:
 * <ul>
 * <li>writes are atomic and have one total order; {@link Signal#update} is a
 * read-modify-write that cannot lose updates;</li>
 * <li>memo computations and effect runs happen under the lock, so each one sees one
 * consistent state of the graph, and two runs of the same effect never overlap;</li>
 * <li>effects run synchronously on the writing thread: when a write (or the outermost
 * batch) returns, every effect that depends on it has run;</li>
 * <li>a {@link #batch(Runnable) batch} holds the lock for its whole body, so other
 * threads see all of its writes or none of them.</li>
 * </ul>
 * Keep effect bodies, memo functions and batch bodies short; never block in them waiting
 * for another thread that touches the graph (that thread would wait for the lock you
 * hold). Do I/O from
 * {@link ReadSignal#subscribe(java.util.function.Consumer, java.util.concurrent.Executor)
 * asynchronous subscriptions}, which run outside the lock.
 *
 * @since 0.1.0
 */
public final class Reactive {

	private Reactive() {
	}

	/**
	 * Creates a signal compared with {@link java.util.Objects#equals}: writing an equal
	 * value changes nothing (boxed {@code NaN} equals {@code NaN}; {@code 0.0} differs
	 * from {@code -0.0}).
	 * @param <T> the type of the value
	 * @param initial the initial value
	 * @return the signal
	 */
	public static <T> Signal<T> signal(T initial) {
		return Graph.signal(null, initial, null);
	}

	/**
	 * Creates a signal with a custom equality: {@code equals.test(current, next)}
	 * returning {@code true} makes the write a no-op.
	 * @param <T> the type of the value
	 * @param initial the initial value
	 * @param equals the equality, called with the current and the new value
	 * @return the signal
	 */
	public static <T> Signal<T> signal(T initial, BiPredicate<? super T, ? super T> equals) {
		java.util.Objects.requireNonNull(equals, "equals must not be null");
		return Graph.signal(null, initial, equals);
	}

	/**
	 * Creates a lazy memo: {@code fn} runs on the first read and again only when read
	 * after one of the signals or memos it read really changed. Owned by the current
	 * owner.
	 * @param <T> the type of the value
	 * @param fn the computation; it should be pure
	 * @return the memo
	 * @throws IllegalStateException if the current owner is disposed
	 */
	public static <T> Memo<T> memo(Supplier<T> fn) {
		return Graph.memo(null, fn, null);
	}

	/**
	 * Creates a lazy memo with a custom equality; an equal result keeps the old value and
	 * does not notify dependents.
	 * @param <T> the type of the value
	 * @param fn the computation
	 * @param equals the equality, called with the old and the new value
	 * @return the memo
	 */
	public static <T> Memo<T> memo(Supplier<T> fn, BiPredicate<? super T, ? super T> equals) {
		java.util.Objects.requireNonNull(equals, "equals must not be null");
		return Graph.memo(null, fn, equals);
	}

	/**
	 * Creates an effect and runs it now, on the calling thread. It re-runs synchronously
	 * on the writing thread after each real change of what it read. Owned by the current
	 * owner. If the first run throws, the effect is disposed and the exception
	 * propagates.
	 * @param fn the effect body
	 * @return the effect
	 */
	public static Effect effect(Runnable fn) {
		return Graph.effect(null, fn);
	}

	/**
	 * Registers a cleanup on the current owner: it runs before the owner's next run
	 * (effects, memos) and when the owner is disposed, untracked, last registered first.
	 * @param cleanup the cleanup
	 * @throws IllegalStateException if there is no current owner, or it is disposed
	 */
	public static void onCleanup(Runnable cleanup) {
		Graph.onCleanup(cleanup);
	}

	/**
	 * Runs {@code body} as one transaction: reads inside see the writes made so far,
	 * effects run once at the end of the outermost batch, and other threads see all of
	 * the writes or none. If the body throws, the writes made so far are kept, pending
	 * effects run, and the exception propagates.
	 * @param body the body
	 */
	public static void batch(Runnable body) {
		Graph.batch(body);
	}

	/**
	 * Like {@link #batch(Runnable)}, returning the body's result.
	 * @param <T> the type of the result
	 * @param body the body
	 * @return what the body returned
	 */
	public static <T> T batch(Supplier<T> body) {
		return Graph.batch(body);
	}

	/**
	 * Runs {@code body} without recording dependencies of the current memo or effect.
	 * @param <T> the type of the result
	 * @param body the body
	 * @return what the body returned
	 */
	public static <T> T untrack(Supplier<T> body) {
		return Graph.untrack(body);
	}

	/**
	 * Creates an owner that is not reactive and runs {@code body} with it as the current
	 * owner. Everything created inside belongs to the root and is disposed with it. The
	 * root belongs to the current owner, if any.
	 * @param <T> the type of the result
	 * @param body receives the root, to dispose it later
	 * @return what the body returned
	 */
	public static <T> T createRoot(Function<Disposable, T> body) {
		return Graph.createRoot(null, body);
	}

	/**
	 * Returns the current owner of the calling thread.
	 * @return the owner, or {@code null} outside any
	 */
	public static @Nullable Owner getOwner() {
		return Graph.getOwner();
	}

	/**
	 * Runs {@code body} with {@code owner} as the current owner (and no tracking), so
	 * that effects, memos and cleanups created inside belong to it and see its context.
	 * @param <T> the type of the result
	 * @param owner the owner, or {@code null} for none
	 * @param body the body
	 * @return what the body returned
	 */
	public static <T> T runWithOwner(@Nullable Owner owner, Supplier<T> body) {
		return Graph.runWithOwner(owner, body);
	}

	/**
	 * Creates a context whose value is {@code defaultValue} wherever no provider binds
	 * it.
	 * @param <T> the type of the value
	 * @param defaultValue the default value
	 * @return the context
	 */
	public static <T> Context<T> createContext(T defaultValue) {
		return new Context<>(null, defaultValue);
	}

	/**
	 * Creates a named context.
	 * @param <T> the type of the value
	 * @param name the name used in {@code toString()}
	 * @param defaultValue the default value
	 * @return the context
	 */
	public static <T> Context<T> createContext(String name, T defaultValue) {
		return new Context<>(name, defaultValue);
	}

	/**
	 * Returns the value of {@code context} bound by the nearest enclosing provider of the
	 * current owner, or its default.
	 * @param <T> the type of the value
	 * @param context the context
	 * @return the value
	 */
	public static <T> T useContext(Context<T> context) {
		return context.get();
	}

	/**
	 * Runs {@code body} with several contexts bound at once (PhilJS's
	 * {@code combineProviders}).
	 * @param <R> the type of the result
	 * @param bindings the values, from {@link Context#bind}
	 * @param body the body
	 * @return what the body returned
	 */
	public static <R> R provide(List<Context.Binding<?>> bindings, Supplier<R> body) {
		Object[] keys = new Object[bindings.size()];
		Object[] values = new Object[bindings.size()];
		for (int i = 0; i < keys.length; i++) {
			Context.Binding<?> binding = bindings.get(i);
			keys[i] = binding.context();
			values[i] = binding.value();
		}
		return Graph.provide(keys, values, body);
	}

	/**
	 * Returns a factory whose signals, memos and effects carry {@code name} in
	 * {@code toString()} and in error messages.
	 * @param name the debug name
	 * @return the factory
	 */
	public static Named named(String name) {
		java.util.Objects.requireNonNull(name, "name must not be null");
		return new Named(name);
	}

	/**
	 * Sets how many flush passes one write may cause before effects that keep
	 * re-triggering each other are stopped with a {@link CycleDetectedException} (default
	 * 100, or the system property {@code philjs.flushPassLimit}).
	 * @param limit the limit, at least 1
	 */
	public static void setFlushPassLimit(int limit) {
		Graph.setFlushPassLimit(limit);
	}

	/**
	 * Returns how many times effects (and synchronous subscriptions) have run in this
	 * JVM, for metrics.
	 * @return the count, increasing
	 */
	public static long effectRuns() {
		return Graph.effectRuns();
	}

	/**
	 * Returns the flush-pass limit set by {@link #setFlushPassLimit(int)}.
	 * @return the limit
	 */
	public static int flushPassLimit() {
		return Graph.flushPassLimit();
	}

	/**
	 * Factory for named nodes.
	 *
	 * @param name the debug name
	 */
	public record Named(String name) {

		/**
		 * Creates a named signal.
		 * @param <T> the type
		 * @param initial the initial value
		 * @return the signal
		 */
		public <T> Signal<T> signal(T initial) {
			return Graph.signal(this.name, initial, null);
		}

		/**
		 * Creates a named signal with custom equality.
		 * @param <T> the type
		 * @param initial the initial value
		 * @param equals the equality
		 * @return the signal
		 */
		public <T> Signal<T> signal(T initial, BiPredicate<? super T, ? super T> equals) {
			return Graph.signal(this.name, initial, equals);
		}

		/**
		 * Creates a named memo.
		 * @param <T> the type
		 * @param fn the computation
		 * @return the memo
		 */
		public <T> Memo<T> memo(Supplier<T> fn) {
			return Graph.memo(this.name, fn, null);
		}

		/**
		 * Creates a named memo with custom equality.
		 * @param <T> the type
		 * @param fn the computation
		 * @param equals the equality
		 * @return the memo
		 */
		public <T> Memo<T> memo(Supplier<T> fn, BiPredicate<? super T, ? super T> equals) {
			return Graph.memo(this.name, fn, equals);
		}

		/**
		 * Creates and runs a named effect.
		 * @param fn the body
		 * @return the effect
		 */
		public Effect effect(Runnable fn) {
			return Graph.effect(this.name, fn);
		}

		/**
		 * Creates a named root.
		 * @param <T> the type of the result
		 * @param body the body
		 * @return what the body returned
		 */
		public <T> T createRoot(Function<Disposable, T> body) {
			return Graph.createRoot(this.name, body);
		}

	}

}
