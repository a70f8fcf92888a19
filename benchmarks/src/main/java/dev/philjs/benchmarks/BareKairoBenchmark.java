package dev.philjs.benchmarks;

/**
 * {@link KairoBenchmark} on {@link BareFramework}: measurement only, the floor of the
 * algorithm without the engine's thread safety, ownership and error handling.
 *
 * @since 0.1.0
 */
public class BareKairoBenchmark extends KairoBenchmark {

	@Override
	protected Framework newFramework() {
		return new BareFramework();
	}

}
