package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * diamond: a signal, 5 computeds {@code head + 1}, their sum, and an effect on the sum.
 * One iteration makes 501 batched writes; the sum must be 10 after the first and
 * {@code (i + 1) * 5} after the others, and the effect must have run exactly 500 times
 * (once per write: no glitch).
 *
 * @since 0.1.0
 */
public final class Diamond extends KairoShape {

	private static final int WIDTH = 5;

	private static final int WRITES = 500;

	private final Source<Integer> head;

	private final Readable<Integer> sum;

	private int effectRuns;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 */
	public Diamond(Framework framework) {
		super(framework);
		this.head = framework.signal(0);
		@SuppressWarnings("unchecked")
		Readable<Integer>[] branches = new Readable[WIDTH];
		for (int i = 0; i < WIDTH; i++) {
			branches[i] = framework.computed(() -> this.head.read() + 1);
		}
		this.sum = framework.computed(() -> {
			int total = 0;
			for (Readable<Integer> branch : branches) {
				total += branch.read();
			}
			return total;
		});
		framework.effect(() -> {
			this.sum.read();
			this.effectRuns++;
		});
	}

	@Override
	public void iter() {
		batchWrite(this.head, 1);
		ShapeMismatchException.check("diamond first sum", 2 * WIDTH, this.sum.read());
		this.effectRuns = 0;
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.head, i);
			ShapeMismatchException.check("diamond sum", (i + 1) * WIDTH, this.sum.read());
		}
		ShapeMismatchException.check("diamond effect runs", WRITES, this.effectRuns);
	}

	@Override
	public int writesPerIter() {
		return WRITES + 1;
	}

	/**
	 * Returns how often the effect ran since the first write of the last iteration.
	 * @return the effect runs
	 */
	public int effectRuns() {
		return this.effectRuns;
	}

}
