package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * triangle: a signal and a chain {@code c_k = c_(k-1) + 1}; a computed sums the signal
 * and the first 9 links (the 10th link is created but never read), and an effect reads
 * the sum. One iteration makes 101 batched writes; the sum must be 55 after the first and
 * {@code 45 + 10 i} after the others, and the effect must have run 100 times.
 *
 * @since 0.1.0
 */
public final class Triangle extends KairoShape {

	private static final int WIDTH = 10;

	private static final int WRITES = 100;

	private final Source<Integer> head;

	private final Readable<Integer> sum;

	private int effectRuns;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 */
	public Triangle(Framework framework) {
		super(framework);
		this.head = framework.signal(0);
		@SuppressWarnings("unchecked")
		Readable<Integer>[] list = new Readable[WIDTH];
		Readable<Integer> current = this.head;
		for (int i = 0; i < WIDTH; i++) {
			Readable<Integer> previous = current;
			list[i] = current;
			current = framework.computed(() -> previous.read() + 1);
		}
		this.sum = framework.computed(() -> {
			int total = 0;
			for (Readable<Integer> item : list) {
				total += item.read();
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
		// 1 + 2 + ... + WIDTH: the sum when head is 1
		int constant = WIDTH * (WIDTH + 1) / 2;
		batchWrite(this.head, 1);
		ShapeMismatchException.check("triangle first sum", constant, this.sum.read());
		this.effectRuns = 0;
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.head, i);
			ShapeMismatchException.check("triangle sum", constant - WIDTH + i * WIDTH, this.sum.read());
		}
		ShapeMismatchException.check("triangle effect runs", WRITES, this.effectRuns);
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
