package dev.philjs.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link CellxBenchmark} on Vaadin signals, at 125, 250 and 500 layers only: its
 * propagation is recursive (1000 layers overflow a 1 MB stack, hence {@code -Xss64m}) and
 * one update at 1000 layers takes seconds.
 *
 * @since 0.1.0
 */
@Fork(value = 3, jvmArgsAppend = { "-XX:AutoBoxCacheMax=65536", "-Xss64m" })
public class VaadinCellxBenchmark extends CellxBenchmark {

	/** The number of layers. */
	@Param({ "125", "250", "500" })
	public int layers = 125;

	@Override
	protected Framework newFramework() {
		return new VaadinFramework();
	}

	@Override
	protected int layers() {
		return this.layers;
	}

}
