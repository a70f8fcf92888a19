package dev.philjs.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cellx shape in steady state: the time of one {@link Cellx#update()} (a batched
 * write of the 4 sources, alternating (4, 3, 2, 1) and (1, 2, 3, 4), and a read of the
 * last layer) on a graph built once per trial. Subclasses choose the engine and the
 * numbers of layers.
 *
 * @since 0.1.0
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = "-XX:AutoBoxCacheMax=65536")
public abstract class CellxBenchmark {

	// set by setUp, before any benchmark method runs
	private Framework framework;

	private Cellx cellx;

	/**
	 * Creates the adapter of the engine under test.
	 * @return a new framework adapter
	 */
	protected abstract Framework newFramework();

	/**
	 * Returns the number of layers to build (a {@code @Param} of the subclass).
	 * @return the number of layers
	 */
	protected abstract int layers();

	/**
	 * Builds the graph and runs two updates.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.framework = newFramework();
		Framework fw = this.framework;
		int layers = layers();
		this.cellx = fw.build(() -> new Cellx(fw, layers));
		this.cellx.update();
		this.cellx.update();
	}

	/**
	 * Disposes the graph.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.framework.dispose();
	}

	/**
	 * One batched update of the 4 sources and a read of the last layer.
	 */
	@Benchmark
	public void update() {
		this.cellx.update();
	}

}
