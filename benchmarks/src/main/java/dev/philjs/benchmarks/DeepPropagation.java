package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * deepPropagation: a signal, a chain of 50 computeds ({@code c_k = c_(k-1) + 1}) and one
 * effect on the tail. One iteration makes 51 batched writes; after each of the last 50
 * the tail must be {@code 50 + i}, and the effect must have run 50 times.
 *
 * @since 0.1.0
 */
public final class DeepPropagation extends KairoShape {

	private static final int LENGTH = 50;

	private static final int WRITES = 50;

	private final Source<Integer> head;

	private final Readable<Integer> tail;

	private int effectRuns;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 */
	public DeepPropagation(Framework framework) {
		super(framework);
		this.head = framework.signal(0);
		Readable<Integer> current = this.head;
		for (int i = 0; i < LENGTH; i++) {
			Readable<Integer> previous = current;
			current = framework.computed(() -> previous.read() + 1);
		}
		this.tail = current;
		framework.effect(() -> {
			this.tail.read();
			this.effectRuns++;
		});
	}

	@Override
	public void iter() {
		batchWrite(this.head, 1);
		this.effectRuns = 0;
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.head, i);
			ShapeMismatchException.check("deepPropagation tail", LENGTH + i, this.tail.read());
		}
		ShapeMismatchException.check("deepPropagation effect runs", WRITES, this.effectRuns);
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
