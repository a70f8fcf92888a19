package dev.philjs.benchmarks;

import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the benchmark shapes on PhilJS as tests of core-behaviour.md T89 (the
 * js-reactivity-benchmark graph sanity checks) and T90 (the benchmarks' own asserts).
 */
class BenchmarkShapeTests {

	private final PhilJsFramework framework = new PhilJsFramework();

	@AfterEach
	void disposeGraph() {
		this.framework.dispose();
	}

	private <T> T build(Supplier<T> body) {
		return this.framework.build(body);
	}

	// ---------------------------------------------------------------- T89

	@Test
	@DisplayName("T89 the PRNG reproduces JavaScript's pseudoRandom(\"seed\") bit for bit")
	void T89_pseudoRandomMatchesTheJavaScriptSequence() {
		PseudoRandom random = PseudoRandom.seeded("seed");
		double[] first = new double[5];
		double sum = 0;
		double last = 0;
		for (int i = 0; i < 1000; i++) {
			last = random.next();
			sum += last;
			if (i < first.length) {
				first[i] = last;
			}
		}
		// values printed by node for the same xmur3a + sfc32 code
		assertThat(first).containsExactly(0.8370377509854734, 0.35816134908236563, 0.12195610790513456,
				0.486986321862787, 0.28508814005181193);
		assertThat(last).isEqualTo(0.7830421852413565);
		assertThat(sum).isEqualTo(488.3710484346375);
	}

	@Test
	@DisplayName("T89 static graph 3x3, 2 sources, 2 iterations: sum 16, count 11")
	void T89_staticGraphGivesSum16AndCount11() {
		assertGraph(new DynamicGraph.Config(3, 3, 1, 2, 1, 2, 16, 11));
	}

	@Test
	@DisplayName("T89 static graph 3x3 reading 2/3 of the leaves, 10 iterations: sum 72, count 41")
	void T89_staticGraphReadingTwoThirdsOfLeavesGivesSum72AndCount41() {
		assertGraph(new DynamicGraph.Config(3, 3, 1, 2, 2.0 / 3, 10, 72, 41));
	}

	@Test
	@DisplayName("T89 dynamic graph 4x2, half dynamic, 10 iterations: sum 72, count 22")
	void T89_dynamicGraphGivesSum72AndCount22() {
		assertGraph(new DynamicGraph.Config(4, 2, 0.5, 2, 1, 10, 72, 22));
	}

	/** Like the harness's tests: the count includes the computations of the build. */
	private void assertGraph(DynamicGraph.Config config) {
		DynamicGraph graph = build(() -> new DynamicGraph(this.framework, config));
		double sum = graph.run(config.iterations());
		assertThat(sum).isEqualTo(config.expectedSum());
		assertThat(graph.count()).isEqualTo(config.expectedCount());
	}

	@Test
	@DisplayName("T89 ToInt32 wraps like JavaScript, also beyond the range of long")
	void T89_toInt32WrapsLikeJavaScript() {
		assertThat(DynamicGraph.toInt32(3.0)).isEqualTo(3);
		assertThat(DynamicGraph.toInt32(-3.7)).isEqualTo(-3);
		assertThat(DynamicGraph.toInt32(4294967297.0)).isEqualTo(1);
		assertThat(DynamicGraph.toInt32(2147483648.0)).isEqualTo(Integer.MIN_VALUE);
		// 2^70 + 2^33 is a multiple of 2^32: a long cast would saturate instead
		assertThat(DynamicGraph.toInt32(Math.pow(2, 70) + Math.pow(2, 33))).isZero();
		assertThat(DynamicGraph.toInt32(Double.NaN)).isZero();
		assertThat(DynamicGraph.toInt32(Double.POSITIVE_INFINITY)).isZero();
	}

	// ---------------------------------------------------------------- T90 kairo

	@Test
	@DisplayName("T90 deepPropagation: tail == 50 + i after each write, the effect runs 50 times per iteration")
	void T90_deepPropagationKeepsItsAsserts() {
		DeepPropagation shape = build(() -> new DeepPropagation(this.framework));
		for (int round = 0; round < 3; round++) {
			assertThatCode(shape::iter).doesNotThrowAnyException();
			assertThat(shape.effectRuns()).isEqualTo(50);
		}
	}

	@Test
	@DisplayName("T90 broadPropagation: last == i + 50 after each write, 2500 effect runs per iteration")
	void T90_broadPropagationKeepsItsAsserts() {
		BroadPropagation shape = build(() -> new BroadPropagation(this.framework));
		for (int round = 0; round < 3; round++) {
			assertThatCode(shape::iter).doesNotThrowAnyException();
			assertThat(shape.effectRuns()).isEqualTo(2500);
		}
	}

	@Test
	@DisplayName("T90 diamond: sum == (i + 1) * 5 after each write, 500 effect runs per iteration")
	void T90_diamondKeepsItsAsserts() {
		Diamond shape = build(() -> new Diamond(this.framework));
		for (int round = 0; round < 3; round++) {
			assertThatCode(shape::iter).doesNotThrowAnyException();
			assertThat(shape.effectRuns()).isEqualTo(500);
		}
	}

	@Test
	@DisplayName("T90 avoidablePropagation: c5 == 6 always; c3, c4, c5 and the effect never re-run after setup")
	void T90_avoidablePropagationNeverRerunsBehindTheEqualityCut() {
		AvoidablePropagation shape = build(() -> new AvoidablePropagation(this.framework));
		assertThat(new int[] { shape.c3Runs(), shape.c4Runs(), shape.c5Runs(), shape.effectRuns() }).containsExactly(1,
				1, 1, 1);
		for (int round = 0; round < 3; round++) {
			assertThatCode(shape::iter).doesNotThrowAnyException();
		}
		assertThat(new int[] { shape.c3Runs(), shape.c4Runs(), shape.c5Runs(), shape.effectRuns() }).containsExactly(1,
				1, 1, 1);
	}

	@Test
	@DisplayName("T90 triangle: sum == 45 + 10 i after each write, 100 effect runs per iteration")
	void T90_triangleKeepsItsAsserts() {
		Triangle shape = build(() -> new Triangle(this.framework));
		for (int round = 0; round < 3; round++) {
			assertThatCode(shape::iter).doesNotThrowAnyException();
			assertThat(shape.effectRuns()).isEqualTo(100);
		}
	}

	@Test
	@DisplayName("T90 repeatedObservers: value == 30 i after each write, 100 effect runs per iteration")
	void T90_repeatedObserversKeepsItsAsserts() {
		RepeatedObservers shape = build(() -> new RepeatedObservers(this.framework));
		for (int round = 0; round < 3; round++) {
			assertThatCode(shape::iter).doesNotThrowAnyException();
			assertThat(shape.effectRuns()).isEqualTo(100);
		}
	}

	@Test
	@DisplayName("T90 unstable: 100 effect runs per iteration while the dependency set flips")
	void T90_unstableRunsTheEffectOncePerWrite() {
		Unstable shape = build(() -> new Unstable(this.framework));
		for (int round = 0; round < 3; round++) {
			assertThatCode(shape::iter).doesNotThrowAnyException();
			assertThat(shape.effectRuns()).isEqualTo(100);
			// the last write is 99 (odd): 20 reads of double = 198
			assertThat(shape.current()).isEqualTo(20 * 198);
		}
	}

	@Test
	@DisplayName("T90 mux: out[i] == i + 1 and then 2 i + 1; the untouched outputs stay 1")
	void T90_muxKeepsItsAsserts() {
		Mux shape = build(() -> new Mux(this.framework));
		for (int round = 0; round < 3; round++) {
			assertThatCode(shape::iter).doesNotThrowAnyException();
			for (int i = 0; i < 10; i++) {
				assertThat(shape.output(i)).isEqualTo(2 * i + 1);
			}
			for (int i = 10; i < 100; i++) {
				assertThat(shape.output(i)).isEqualTo(1);
			}
		}
	}

	@Test
	@DisplayName("T90 the shapes' asserts fail on an engine whose effects do not re-run")
	void T90_shapesThrowOnABrokenEngine() {
		Framework broken = new Framework() {

			@Override
			public String name() {
				return "broken";
			}

			@Override
			public <T> Source<T> signal(T initial) {
				return BenchmarkShapeTests.this.framework.signal(initial);
			}

			@Override
			public <T> Readable<T> computed(Supplier<T> fn) {
				return BenchmarkShapeTests.this.framework.computed(fn);
			}

			@Override
			public void effect(Runnable fn) {
				// runs once, never again
				fn.run();
			}

			@Override
			public void batch(Runnable body) {
				BenchmarkShapeTests.this.framework.batch(body);
			}

			@Override
			public <T> T build(Supplier<T> body) {
				return BenchmarkShapeTests.this.framework.build(body);
			}

			@Override
			public void dispose() {
				BenchmarkShapeTests.this.framework.dispose();
			}

		};
		DeepPropagation shape = broken.build(() -> new DeepPropagation(broken));
		assertThatExceptionOfType(ShapeMismatchException.class).isThrownBy(shape::iter)
			.withMessageContaining("deepPropagation effect runs");
	}

	// ---------------------------------------------------------------- T90 cellx

	@Test
	@DisplayName("T90 cellx1000: last layer [-3,-6,-2,2], after writing (4,3,2,1) [-2,-4,2,3]")
	void T90_cellx1000GivesTheExpectedLastLayer() {
		assertCellx(1000, new int[] { -3, -6, -2, 2 }, new int[] { -2, -4, 2, 3 });
	}

	@Test
	@DisplayName("T90 cellx2500: last layer [-3,-6,-2,2], after writing (4,3,2,1) [-2,-4,2,3]")
	void T90_cellx2500GivesTheExpectedLastLayer() {
		assertCellx(2500, new int[] { -3, -6, -2, 2 }, new int[] { -2, -4, 2, 3 });
	}

	@Test
	@DisplayName("T90 cellx5000: last layer [2,4,-1,-6], after writing (4,3,2,1) [-2,1,-4,-4]")
	void T90_cellx5000GivesTheExpectedLastLayer() {
		assertCellx(5000, new int[] { 2, 4, -1, -6 }, new int[] { -2, 1, -4, -4 });
	}

	private void assertCellx(int layers, int[] before, int[] after) {
		assertThat(Cellx.expected(layers, 1, 2, 3, 4)).containsExactly(before);
		assertThat(Cellx.expected(layers, 4, 3, 2, 1)).containsExactly(after);
		Cellx cellx = build(() -> new Cellx(this.framework, layers));
		assertThat(cellx.readEnd()).containsExactly(before);
		cellx.update();
		assertThat(cellx.readEnd()).containsExactly(after);
		cellx.update();
		assertThat(cellx.readEnd()).containsExactly(before);
	}

}
