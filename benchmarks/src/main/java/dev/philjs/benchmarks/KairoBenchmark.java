package dev.philjs.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kairo shapes: the time of one {@link KairoShape#iter()} on a graph built once per
 * trial, the unit the JavaScript harness times (it reports the fastest of 10 samples of
 * 500 iterations). Subclasses choose the engine, so that each JMH fork runs one engine
 * only.
 *
 * @since 0.1.0
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = "-XX:AutoBoxCacheMax=65536")
public abstract class KairoBenchmark {

	/** The shape, by its js-reactivity-benchmark name. */
	@Param({ "avoidablePropagation", "broadPropagation", "deepPropagation", "diamond", "mux", "repeatedObservers",
			"triangle", "unstable" })
	public String shape = "deepPropagation";

	// set by setUp, before any benchmark method runs
	private Framework framework;

	private KairoShape built;

	/**
	 * Creates the adapter of the engine under test.
	 * @return a new framework adapter
	 */
	protected abstract Framework newFramework();

	/**
	 * Builds the shape and runs three iterations, as the JavaScript harness does before
	 * it starts timing.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.framework = newFramework();
		Framework fw = this.framework;
		this.built = fw.build(() -> KairoShape.create(this.shape, fw));
		this.built.iter();
		this.built.iter();
		this.built.iter();
	}

	/**
	 * Disposes the graph.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.framework.dispose();
	}

	/**
	 * One iteration of the shape.
	 * @return the shape's sink, so that its busy loops are used
	 */
	@Benchmark
	public int iter() {
		this.built.iter();
		return this.built.sink();
	}

}
