package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * unstable: {@code double = 2 head}, {@code inverse = -head}, and a computed that reads
 * 20 times {@code head} and then {@code double} when head is odd or {@code inverse} when
 * it is even, so its dependency set flips on every write; an effect reads it. One
 * iteration makes 101 batched writes; the value must be 40 after the first, and the
 * effect must have run 100 times.
 *
 * @since 0.1.0
 */
public final class Unstable extends KairoShape {

	private static final int READS = 20;

	private static final int WRITES = 100;

	private final Source<Integer> head;

	private final Readable<Integer> current;

	private int effectRuns;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 */
	public Unstable(Framework framework) {
		super(framework);
		this.head = framework.signal(0);
		Readable<Integer> doubled = framework.computed(() -> this.head.read() * 2);
		Readable<Integer> inverse = framework.computed(() -> -this.head.read());
		this.current = framework.computed(() -> {
			int result = 0;
			for (int i = 0; i < READS; i++) {
				result += (this.head.read() % 2 != 0) ? doubled.read() : inverse.read();
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
		ShapeMismatchException.check("unstable first value", 2 * READS, this.current.read());
		this.effectRuns = 0;
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.head, i);
		}
		ShapeMismatchException.check("unstable effect runs", WRITES, this.effectRuns);
	}

	@Override
	public int writesPerIter() {
		return WRITES + 1;
	}

	/**
	 * Returns the current value of the flipping computed.
	 * @return the value
	 */
	public int current() {
		return this.current.read();
	}

	/**
	 * Returns how often the effect ran since the first write of the last iteration.
	 * @return the effect runs
	 */
	public int effectRuns() {
		return this.effectRuns;
	}

}
