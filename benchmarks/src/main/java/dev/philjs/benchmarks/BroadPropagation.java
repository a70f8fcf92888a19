package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * broadPropagation: a signal read by 50 branches, each {@code c_i = head + i},
 * {@code c2_i = c_i + 1} and an effect on {@code c2_i}. One iteration makes 51 batched
 * writes; after each of the last 50 the last branch must be {@code i + 50}, and the
 * effects must have run 2500 times in all.
 *
 * @since 0.1.0
 */
public final class BroadPropagation extends KairoShape {

	private static final int WIDTH = 50;

	private static final int WRITES = 50;

	private final Source<Integer> head;

	private final Readable<Integer> last;

	private int effectRuns;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 */
	public BroadPropagation(Framework framework) {
		super(framework);
		this.head = framework.signal(0);
		Readable<Integer> lastBranch = this.head;
		for (int i = 0; i < WIDTH; i++) {
			int offset = i;
			Readable<Integer> current = framework.computed(() -> this.head.read() + offset);
			Readable<Integer> current2 = framework.computed(() -> current.read() + 1);
			framework.effect(() -> {
				current2.read();
				this.effectRuns++;
			});
			lastBranch = current2;
		}
		this.last = lastBranch;
	}

	@Override
	public void iter() {
		batchWrite(this.head, 1);
		this.effectRuns = 0;
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.head, i);
			ShapeMismatchException.check("broadPropagation last", i + 50, this.last.read());
		}
		ShapeMismatchException.check("broadPropagation effect runs", WIDTH * WRITES, this.effectRuns);
	}

	@Override
	public int writesPerIter() {
		return WRITES + 1;
	}

	/**
	 * Returns how often the effects ran since the first write of the last iteration.
	 * @return the effect runs
	 */
	public int effectRuns() {
		return this.effectRuns;
	}

}
