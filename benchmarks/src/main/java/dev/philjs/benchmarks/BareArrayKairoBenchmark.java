package dev.philjs.benchmarks;

/**
 * {@link KairoBenchmark} on {@link BareArrayFramework}: measurement only, the floor of
 * the algorithm with its topology in {@code int} arrays.
 *
 * @since 0.1.0
 */
public class BareArrayKairoBenchmark extends KairoBenchmark {

	@Override
	protected Framework newFramework() {
		return new BareArrayFramework();
	}

}
