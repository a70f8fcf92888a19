package dev.philjs.benchmarks;

/**
 * {@link KairoBenchmark} on PhilJS.
 *
 * @since 0.1.0
 */
public class PhilJsKairoBenchmark extends KairoBenchmark {

	@Override
	protected Framework newFramework() {
		return new PhilJsFramework();
	}

}
