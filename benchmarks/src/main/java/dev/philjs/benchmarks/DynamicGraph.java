package dev.philjs.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * The dynamic ("reactively") graph of js-reactivity-benchmark ({@code makeGraph} and
 * {@code runGraph}): {@code width} sources, then {@code totalLayers - 1} rows of
 * {@code width} computeds that each sum {@code nSources} nodes of the row above; a
 * {@link PseudoRandom} makes some of them dynamic (they skip one of their sources
 * depending on the value of the first). One effect reads a random subset of the last row.
 * Values are {@code double}s, as in JavaScript, so that the sums match bit for bit. Build
 * it inside {@link Framework#build}.
 *
 * @since 0.1.0
 */
public final class DynamicGraph {

	/**
	 * The six configurations of the harness's {@code config.ts}, with their checksums.
	 */
	public static final List<Config> PERF_CONFIGS = List.of(new Config(10, 5, 1, 2, 0.2, 600000, 19199968, 3480000),
			new Config(10, 10, 0.75, 6, 0.2, 15000, 302310782860.0, 1155000),
			new Config(1000, 12, 0.95, 4, 1, 7000, 29355933696000.0, 1463000),
			new Config(1000, 5, 1, 25, 1, 3000, 1171484375000.0, 732000),
			new Config(5, 500, 1, 3, 1, 500, 3.0239642676898464e241, 1246500),
			new Config(100, 15, 0.5, 6, 1, 2000, 15664996402790400.0, 1078000));

	private final Framework framework;

	private final Source<Double>[] sources;

	private final List<Readable<Double>> readLeaves;

	private int count;

	private int writeIndex;

	private double writeValue;

	private final Runnable writeSource;

	/**
	 * Builds the graph ({@code makeGraph}).
	 * @param framework the framework
	 * @param config the shape of the graph
	 */
	@SuppressWarnings("unchecked")
	public DynamicGraph(Framework framework, Config config) {
		this.framework = framework;
		int width = config.width();
		this.sources = new Source[width];
		for (int i = 0; i < width; i++) {
			this.sources[i] = framework.signal((double) i);
		}
		this.writeSource = () -> this.sources[this.writeIndex].write(this.writeValue);
		Readable<Double>[] previous = this.sources;
		PseudoRandom random = PseudoRandom.seeded("seed");
		for (int row = 0; row < config.totalLayers() - 1; row++) {
			Readable<Double>[] current = new Readable[width];
			for (int myDex = 0; myDex < width; myDex++) {
				Readable<Double>[] mySources = new Readable[config.nSources()];
				for (int k = 0; k < mySources.length; k++) {
					mySources[k] = previous[(myDex + k) % width];
				}
				boolean staticNode = random.next() < config.staticFraction();
				current[myDex] = staticNode ? staticNode(mySources) : dynamicNode(mySources);
			}
			previous = current;
		}
		List<Readable<Double>> leaves = new ArrayList<>(List.of(previous));
		PseudoRandom leafRandom = PseudoRandom.seeded("seed");
		long skipCount = Math.round(leaves.size() * (1 - config.readFraction()));
		for (long i = 0; i < skipCount; i++) {
			leaves.remove((int) Math.floor(leafRandom.next() * leaves.size()));
		}
		this.readLeaves = leaves;
		framework.effect(() -> {
			for (Readable<Double> leaf : this.readLeaves) {
				leaf.read();
			}
		});
	}

	private Readable<Double> staticNode(Readable<Double>[] mySources) {
		return this.framework.computed(() -> {
			this.count++;
			double sum = 0;
			for (Readable<Double> source : mySources) {
				sum += source.read();
			}
			return sum;
		});
	}

	private Readable<Double> dynamicNode(Readable<Double>[] mySources) {
		Readable<Double> first = mySources[0];
		int tailLength = mySources.length - 1;
		return this.framework.computed(() -> {
			this.count++;
			double sum = first.read();
			boolean shouldDrop = (toInt32(sum) & 1) != 0;
			double dropDex = sum % tailLength;
			for (int i = 0; i < tailLength; i++) {
				if (shouldDrop && i == dropDex) {
					continue;
				}
				sum += mySources[i + 1].read();
			}
			return sum;
		});
	}

	/**
	 * JavaScript's ToInt32: truncates and wraps modulo 2^32, also for doubles beyond the
	 * range of {@code long}.
	 */
	static int toInt32(double value) {
		return (int) (long) (value % 4294967296.0);
	}

	/**
	 * Runs {@code iterations} batched writes, one source at a time, reading the leaves
	 * after each ({@code runGraph}).
	 * @param iterations the number of writes
	 * @return the sum of the leaves read at the end
	 */
	public double run(int iterations) {
		int width = this.sources.length;
		List<Readable<Double>> leaves = this.readLeaves;
		for (int i = 0; i < iterations; i++) {
			this.writeIndex = i % width;
			this.writeValue = i + (i % width);
			this.framework.batch(this.writeSource);
			for (int k = 0, n = leaves.size(); k < n; k++) {
				leaves.get(k).read();
			}
		}
		double sum = 0;
		for (int k = 0, n = leaves.size(); k < n; k++) {
			sum = leaves.get(k).read() + sum;
		}
		return sum;
	}

	/**
	 * Returns how many times computeds ran since the last {@link #resetCount()}.
	 * @return the count
	 */
	public int count() {
		return this.count;
	}

	/**
	 * Sets the count of computed runs back to zero.
	 */
	public void resetCount() {
		this.count = 0;
	}

	/**
	 * Returns the number of leaves the effect and {@link #run} read.
	 * @return the number of leaves read
	 */
	public int readLeafCount() {
		return this.readLeaves.size();
	}

	/**
	 * One configuration of the dynamic graph.
	 *
	 * @param width sources, and computeds per row
	 * @param totalLayers rows, counting the sources
	 * @param staticFraction the probability that a computed is static
	 * @param nSources how many nodes of the row above each computed reads
	 * @param readFraction the fraction of the last row that is read
	 * @param iterations writes per {@link DynamicGraph#run}
	 * @param expectedSum the sum {@code run} must return
	 * @param expectedCount the computed runs one {@code run} must make, on a warm graph
	 */
	public record Config(int width, int totalLayers, double staticFraction, int nSources, double readFraction,
			int iterations, double expectedSum, int expectedCount) {

		/**
		 * Returns the title the JavaScript harness prints, e.g.
		 * {@code 6-10x10 - dyn25% - lazy80%}.
		 * @return the title
		 */
		public String title() {
			String dyn = (this.staticFraction < 1) ? " - dyn" + Math.round((1 - this.staticFraction) * 100) + "%" : "";
			String lazy = (this.readFraction < 1) ? " - lazy" + Math.round((1 - this.readFraction) * 100) + "%" : "";
			return this.nSources + "-" + this.width + "x" + this.totalLayers + dyn + lazy;
		}

		/**
		 * Finds a configuration of {@link DynamicGraph#PERF_CONFIGS} by its title.
		 * @param title the title
		 * @return the configuration
		 */
		public static Config byTitle(String title) {
			for (Config config : PERF_CONFIGS) {
				if (config.title().equals(title)) {
					return config;
				}
			}
			throw new IllegalArgumentException("Unknown dynamic graph configuration: " + title);
		}

	}

}
