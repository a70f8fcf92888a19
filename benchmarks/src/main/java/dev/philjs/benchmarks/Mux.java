package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * mux: 100 signals gathered by one computed into a new array on every run (the JavaScript
 * version builds a new object), split again by 100 computeds {@code mux[k]}, then
 * {@code split_k + 1}, each read by an effect. One iteration makes 20 batched writes:
 * {@code heads[i] = i} then {@code heads[i] = 2 i} for i below 10, checking
 * {@code out[i]} after each.
 *
 * @since 0.1.0
 */
public final class Mux extends KairoShape {

	private static final int SIZE = 100;

	private static final int WRITES = 10;

	private final Source<Integer>[] heads;

	private final Readable<Integer>[] outputs;

	private int effectRuns;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 */
	@SuppressWarnings("unchecked")
	public Mux(Framework framework) {
		super(framework);
		this.heads = new Source[SIZE];
		for (int k = 0; k < SIZE; k++) {
			this.heads[k] = framework.signal(0);
		}
		Readable<int[]> mux = framework.computed(() -> {
			int[] all = new int[SIZE];
			for (int k = 0; k < SIZE; k++) {
				all[k] = this.heads[k].read();
			}
			return all;
		});
		this.outputs = new Readable[SIZE];
		for (int k = 0; k < SIZE; k++) {
			int index = k;
			Readable<Integer> split = framework.computed(() -> mux.read()[index]);
			this.outputs[k] = framework.computed(() -> split.read() + 1);
		}
		for (int k = 0; k < SIZE; k++) {
			Readable<Integer> output = this.outputs[k];
			framework.effect(() -> {
				output.read();
				this.effectRuns++;
			});
		}
	}

	@Override
	public void iter() {
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.heads[i], i);
			ShapeMismatchException.check("mux out", i + 1, this.outputs[i].read());
		}
		for (int i = 0; i < WRITES; i++) {
			batchWrite(this.heads[i], i * 2);
			ShapeMismatchException.check("mux out", i * 2 + 1, this.outputs[i].read());
		}
	}

	@Override
	public int writesPerIter() {
		return 2 * WRITES;
	}

	/**
	 * Returns the current value of output {@code k}.
	 * @param k the index, below 100
	 * @return {@code heads[k] + 1}
	 */
	public int output(int k) {
		return this.outputs[k].read();
	}

	/**
	 * Returns how often the effects ran since the graph was built.
	 * @return the effect runs
	 */
	public int effectRuns() {
		return this.effectRuns;
	}

}
