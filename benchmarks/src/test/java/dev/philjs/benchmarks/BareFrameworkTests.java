package dev.philjs.benchmarks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The measurement-only {@link BareFramework} must compute what the engine computes, or
 * its times would not be a floor of the same work: every kairo shape keeps its own
 * asserts (values after each write, effect runs) on it.
 */
class BareFrameworkTests {

	@ParameterizedTest
	@ValueSource(strings = { "avoidablePropagation", "broadPropagation", "deepPropagation", "diamond", "mux",
			"repeatedObservers", "triangle", "unstable" })
	void everyKairoShapeKeepsItsAssertsOnTheBareAlgorithm(String shape) {
		assertShapeHolds(new BareFramework(), shape);
	}

	@ParameterizedTest
	@ValueSource(strings = { "avoidablePropagation", "broadPropagation", "deepPropagation", "diamond", "mux",
			"repeatedObservers", "triangle", "unstable" })
	void everyKairoShapeKeepsItsAssertsOnTheBareAlgorithmInArrays(String shape) {
		assertShapeHolds(new BareArrayFramework(), shape);
	}

	private static void assertShapeHolds(Framework framework, String shape) {
		KairoShape built = framework.build(() -> KairoShape.create(shape, framework));
		assertThatCode(() -> {
			for (int round = 0; round < 3; round++) {
				built.iter();
			}
		}).doesNotThrowAnyException();
		framework.dispose();
	}

}
