package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * avoidablePropagation: {@code c1 = head}, {@code c2 = (c1, 0)}, an expensive
 * {@code c3 = (busy, c2 + 1)}, {@code c4 = c3 + 2}, {@code c5 = c4 + 3} and an expensive
 * effect on {@code c5}. One iteration makes 1001 batched writes and checks
 * {@code c5 == 6} after each. The equality cut at {@code c2} means that c3, c4, c5 and
 * the effect never run again after the graph was built.
 *
 * @since 0.1.0
 */
public final class AvoidablePropagation extends KairoShape {

	private static final int WRITES = 1000;

	private final Source<Integer> head;

	private final Readable<Integer> c5;

	private int c3Runs;

	private int c4Runs;

	private int c5Runs;

	private int effectRuns;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 */
	public AvoidablePropagation(Framework framework) {
		super(framework);
		this.head = framework.signal(0);
		Readable<Integer> c1 = framework.computed(this.head::read);
		Readable<Integer> c2 = framework.computed(() -> {
			c1.read();
			return 0;
		});
		Readable<Integer> c3 = framework.computed(() -> {
			this.c3Runs++;
			this.sink += busy();
			return c2.read() + 1;
		});
		Readable<Integer> c4 = framework.computed(() -> {
			this.c4Runs++;
			return c3.read() + 2;
		});
		this.c5 = framework.computed(() -> {
			this.c5Runs++;
			return c4.read() + 3;
		});
		framework.effect(() -> {
			this.effectRuns++;
			this.c5.read();
			this.sink += busy();
		});
	}

	@Override
	public void iter() {
		batchWrite(this.head, 1);
		ShapeMismatchException.check("avoidablePropagation first c5", 6, this.c5.read());
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.head, i);
			ShapeMismatchException.check("avoidablePropagation c5", 6, this.c5.read());
		}
	}

	@Override
	public int writesPerIter() {
		return WRITES + 1;
	}

	/**
	 * Returns how often c3 ran since the graph was built (1 after the build).
	 * @return the runs of c3
	 */
	public int c3Runs() {
		return this.c3Runs;
	}

	/**
	 * Returns how often c4 ran since the graph was built.
	 * @return the runs of c4
	 */
	public int c4Runs() {
		return this.c4Runs;
	}

	/**
	 * Returns how often c5 ran since the graph was built.
	 * @return the runs of c5
	 */
	public int c5Runs() {
		return this.c5Runs;
	}

	/**
	 * Returns how often the effect ran since the graph was built.
	 * @return the effect runs
	 */
	public int effectRuns() {
		return this.effectRuns;
	}

}
