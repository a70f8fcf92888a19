package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * repeatedObservers: a computed that reads the same signal 30 times and sums, and an
 * effect on it (one dependency edge, however many reads). One iteration makes 101 batched
 * writes; the value must be 30 after the first and {@code 30 i} after the others, and the
 * effect must have run 100 times.
 *
 * @since 0.1.0
 */
public final class RepeatedObservers extends KairoShape {

	private static final int SIZE = 30;

	private static final int WRITES = 100;

	private final Source<Integer> head;

	private final Readable<Integer> current;

	private int effectRuns;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 */
	public RepeatedObservers(Framework framework) {
		super(framework);
		this.head = framework.signal(0);
		this.current = framework.computed(() -> {
			int result = 0;
			for (int i = 0; i < SIZE; i++) {
				result += this.head.read();
			}
			return result;
		});
		framework.effect(() -> {
			this.current.read();
			this.effectRuns++;
		});
	}

	@Override
	public void iter() {
		batchWrite(this.head, 1);
		ShapeMismatchException.check("repeatedObservers first value", SIZE, this.current.read());
		this.effectRuns = 0;
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.head, i);
			ShapeMismatchException.check("repeatedObservers value", i * SIZE, this.current.read());
		}
		ShapeMismatchException.check("repeatedObservers effect runs", WRITES, this.effectRuns);
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
