package dev.philjs.benchmarks;

import org.openjdk.jmh.annotations.Param;

/**
 * {@link CellxBenchmark} on PhilJS, at the layer counts of the JavaScript harness.
 *
 * @since 0.1.0
 */
public class PhilJsCellxBenchmark extends CellxBenchmark {

	/** The number of layers. */
	@Param({ "1000", "2500", "5000" })
	public int layers = 1000;

	@Override
	protected Framework newFramework() {
		return new PhilJsFramework();
	}

	@Override
	protected int layers() {
		return this.layers;
	}

}
