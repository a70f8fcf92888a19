package dev.philjs.benchmarks;

/**
 * {@link KairoBenchmark} on Vaadin signals.
 *
 * @since 0.1.0
 */
public class VaadinKairoBenchmark extends KairoBenchmark {

	@Override
	protected Framework newFramework() {
		return new VaadinFramework();
	}

}
