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
 * The dynamic ("reactively") graphs of js-reactivity-benchmark on PhilJS: the time of one
 * {@link DynamicGraph#run} of the configuration's iterations (the JavaScript harness
 * reports the fastest of 5), checking the sum and the number of computed runs against
 * {@code config.ts}. Vaadin signals are left out: at their speed one operation would take
 * minutes.
 *
 * @since 0.1.0
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = "-XX:AutoBoxCacheMax=65536")
public class DynamicGraphBenchmark {

	/** The configuration, by its js-reactivity-benchmark title. */
	@Param({ "2-10x5 - lazy80%", "6-10x10 - dyn25% - lazy80%", "4-1000x12 - dyn5%", "25-1000x5", "3-5x500",
			"6-100x15 - dyn50%" })
	public String config = "25-1000x5";

	// set by setUp, before any benchmark method runs
	private Framework framework;

	private DynamicGraph graph;

	private DynamicGraph.Config resolved;

	/**
	 * Builds the graph and runs it three times, as the JavaScript harness does.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.resolved = DynamicGraph.Config.byTitle(this.config);
		this.framework = new PhilJsFramework();
		Framework fw = this.framework;
		DynamicGraph.Config c = this.resolved;
		this.graph = fw.build(() -> new DynamicGraph(fw, c));
		this.graph.run(c.iterations());
		this.graph.run(c.iterations());
		this.graph.run(c.iterations());
	}

	/**
	 * Disposes the graph.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.framework.dispose();
	}

	/**
	 * One {@code runGraph}, checked.
	 * @return the sum of the leaves
	 */
	@Benchmark
	public double runGraph() {
		DynamicGraph.Config c = this.resolved;
		this.graph.resetCount();
		double sum = this.graph.run(c.iterations());
		if (sum != c.expectedSum() || this.graph.count() != c.expectedCount()) {
			ShapeMismatchException.checkDouble(c.title() + " sum", c.expectedSum(), sum);
			ShapeMismatchException.check(c.title() + " count", c.expectedCount(), this.graph.count());
		}
		return sum;
	}

}
