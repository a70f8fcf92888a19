package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Source;
import org.jspecify.annotations.Nullable;

/**
 * A kairo shape of js-reactivity-benchmark: a graph built by the constructor (call it
 * inside {@link Framework#build}) and an {@link #iter()} that writes its sources in
 * batches and checks the results, throwing {@link ShapeMismatchException} when they are
 * wrong. One {@code iter()} is the unit that the JavaScript harness times.
 *
 * <p>
 * Writes go through {@link #batchWrite}, which reuses one pre-allocated batch body, so
 * the shape itself allocates nothing per write (values are boxed {@link Integer}s: run
 * with {@code -XX:AutoBoxCacheMax} large enough to keep them cached).
 *
 * @since 0.1.0
 */
public abstract class KairoShape {

	/** The names accepted by {@link #create}, in the order of the JavaScript harness. */
	public static final String[] NAMES = { "avoidablePropagation", "broadPropagation", "deepPropagation", "diamond",
			"mux", "repeatedObservers", "triangle", "unstable" };

	/** The framework the graph lives in. */
	protected final Framework framework;

	/**
	 * Where {@code busy()} results go, so that they are used; benchmarks return it to
	 * JMH.
	 */
	protected int sink;

	private @Nullable Source<Integer> target;

	private int value;

	private final Runnable writeTarget = () -> {
		Source<Integer> t = this.target;
		if (t != null) {
			t.write(this.value);
		}
	};

	/**
	 * Creates the shape; subclasses build their graph in their constructor.
	 * @param framework the framework
	 */
	protected KairoShape(Framework framework) {
		this.framework = framework;
	}

	/**
	 * Creates a shape by its js-reactivity-benchmark name.
	 * @param name one of {@link #NAMES}
	 * @param framework the framework (call inside {@link Framework#build})
	 * @return the shape, with its graph built
	 */
	public static KairoShape create(String name, Framework framework) {
		return switch (name) {
			case "avoidablePropagation" -> new AvoidablePropagation(framework);
			case "broadPropagation" -> new BroadPropagation(framework);
			case "deepPropagation" -> new DeepPropagation(framework);
			case "diamond" -> new Diamond(framework);
			case "mux" -> new Mux(framework);
			case "repeatedObservers" -> new RepeatedObservers(framework);
			case "triangle" -> new Triangle(framework);
			case "unstable" -> new Unstable(framework);
			default -> throw new IllegalArgumentException("Unknown kairo shape: " + name);
		};
	}

	/**
	 * Runs one iteration: the batched writes and their checks.
	 * @throws ShapeMismatchException if a value or a run count is wrong
	 */
	public abstract void iter();

	/**
	 * Returns the number of batched writes in one {@link #iter()}.
	 * @return the writes per iteration
	 */
	public abstract int writesPerIter();

	/**
	 * Returns the accumulated {@code busy()} results.
	 * @return the sink
	 */
	public int sink() {
		return this.sink;
	}

	/**
	 * Writes {@code newValue} to {@code source} inside a batch, as every write of the
	 * JavaScript harness is.
	 * @param source the signal
	 * @param newValue the value
	 */
	protected final void batchWrite(Source<Integer> source, int newValue) {
		this.target = source;
		this.value = newValue;
		this.framework.batch(this.writeTarget);
	}

	/**
	 * The dead loop of the JavaScript harness ({@code for (i < 100) a++}); callers add
	 * the result to {@link #sink}.
	 * @return 100
	 */
	protected static int busy() {
		int a = 0;
		for (int i = 0; i < 100; i++) {
			a++;
		}
		return a;
	}

}
