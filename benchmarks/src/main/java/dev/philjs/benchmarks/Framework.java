package dev.philjs.benchmarks;

import java.util.function.Supplier;

/**
 * The thin adapter that the benchmark shapes are written against, the same shape as the
 * {@code ReactiveFramework} interface of js-reactivity-benchmark: signals with read and
 * write, computeds, effects, batches, and a build scope that is disposed as a whole.
 *
 * <p>
 * One instance holds one graph: {@link #build} creates it inside a root, {@link #dispose}
 * tears it down. Instances are not thread-safe; the shapes use them from one thread.
 *
 * @since 0.1.0
 */
public interface Framework {

	/**
	 * Returns the engine's name and version, for reports.
	 * @return the name
	 */
	String name();

	/**
	 * Creates a writable signal.
	 * @param <T> the type of the value
	 * @param initial the initial value
	 * @return the signal
	 */
	<T> Source<T> signal(T initial);

	/**
	 * Creates a cached derived value.
	 * @param <T> the type of the value
	 * @param fn the computation
	 * @return the computed
	 */
	<T> Readable<T> computed(Supplier<T> fn);

	/**
	 * Creates an effect, runs it now, and again after each change of what it read.
	 * @param fn the body
	 */
	void effect(Runnable fn);

	/**
	 * Runs {@code body} as one batch: effects run once, at the end.
	 * @param body the body
	 */
	void batch(Runnable body);

	/**
	 * Runs {@code body} inside a new root scope that {@link #dispose} disposes.
	 * @param <T> the type of the result
	 * @param body builds the graph
	 * @return what the body returned
	 */
	<T> T build(Supplier<T> body);

	/**
	 * Disposes everything created by {@link #build}.
	 */
	void dispose();

	/**
	 * A readable reactive value.
	 *
	 * @param <T> the type of the value
	 */
	interface Readable<T> {

		/**
		 * Returns the value, tracked when read inside a computed or an effect.
		 * @return the value
		 */
		T read();

	}

	/**
	 * A readable and writable reactive value.
	 *
	 * @param <T> the type of the value
	 */
	interface Source<T> extends Readable<T> {

		/**
		 * Sets the value.
		 * @param value the new value
		 */
		void write(T value);

	}

}
