package dev.philjs.benchmarks;

import dev.philjs.benchmarks.Framework.Readable;
import dev.philjs.benchmarks.Framework.Source;

/**
 * The cellx shape of js-reactivity-benchmark: 4 signals starting at (1, 2, 3, 4), then
 * {@code layers} layers of 4 computeds each reading the layer before
 * ({@code p1 = p2', p2 = p1' - p3', p3 = p2' + p4', p4 = p3'}), with one effect per
 * computed (4 per layer). Build it inside {@link Framework#build}.
 *
 * <p>
 * {@link #update()} is the timed unit: one batched write of the 4 signals, alternating
 * (4, 3, 2, 1) and (1, 2, 3, 4), then a read of the last layer, checked against a plain
 * fold of the same recurrence.
 *
 * @since 0.1.0
 */
public final class Cellx {

	private final Framework framework;

	private final Source<Integer>[] start;

	private final Readable<Integer>[] end;

	private final int[] initialEnd;

	private final int[] reversedEnd;

	private boolean reversed;

	private final Runnable writeReversed;

	private final Runnable writeInitial;

	/**
	 * Builds the graph.
	 * @param framework the framework
	 * @param layers the number of layers of computeds
	 */
	@SuppressWarnings("unchecked")
	public Cellx(Framework framework, int layers) {
		this.framework = framework;
		this.start = new Source[] { framework.signal(1), framework.signal(2), framework.signal(3),
				framework.signal(4) };
		Readable<Integer>[] layer = this.start.clone();
		for (int i = 0; i < layers; i++) {
			Readable<Integer>[] m = layer;
			Readable<Integer>[] s = new Readable[] { framework.computed(() -> m[1].read()),
					framework.computed(() -> m[0].read() - m[2].read()),
					framework.computed(() -> m[1].read() + m[3].read()), framework.computed(() -> m[2].read()) };
			for (Readable<Integer> prop : s) {
				framework.effect(prop::read);
			}
			layer = s;
		}
		this.end = layer;
		this.initialEnd = expected(layers, 1, 2, 3, 4);
		this.reversedEnd = expected(layers, 4, 3, 2, 1);
		this.writeReversed = () -> writeAll(4, 3, 2, 1);
		this.writeInitial = () -> writeAll(1, 2, 3, 4);
		checkEnd("cellx initial", this.initialEnd);
	}

	/**
	 * Computes the last layer without a reactive graph, by folding
	 * {@code p -> (p2, p1 - p3, p2 + p4, p3)} {@code layers} times.
	 * @param layers the number of layers
	 * @param a the first source
	 * @param b the second source
	 * @param c the third source
	 * @param d the fourth source
	 * @return the 4 values of the last layer
	 */
	public static int[] expected(int layers, int a, int b, int c, int d) {
		int p1 = a;
		int p2 = b;
		int p3 = c;
		int p4 = d;
		for (int i = 0; i < layers; i++) {
			int n1 = p2;
			int n2 = p1 - p3;
			int n3 = p2 + p4;
			int n4 = p3;
			p1 = n1;
			p2 = n2;
			p3 = n3;
			p4 = n4;
		}
		return new int[] { p1, p2, p3, p4 };
	}

	/**
	 * Writes the next set of source values in one batch, alternating (4, 3, 2, 1) and (1,
	 * 2, 3, 4), and checks the last layer.
	 * @throws ShapeMismatchException if a value of the last layer is wrong
	 */
	public void update() {
		this.reversed = !this.reversed;
		if (this.reversed) {
			this.framework.batch(this.writeReversed);
			checkEnd("cellx after (4,3,2,1)", this.reversedEnd);
		}
		else {
			this.framework.batch(this.writeInitial);
			checkEnd("cellx after (1,2,3,4)", this.initialEnd);
		}
	}

	/**
	 * Reads the last layer.
	 * @return its 4 values
	 */
	public int[] readEnd() {
		return new int[] { this.end[0].read(), this.end[1].read(), this.end[2].read(), this.end[3].read() };
	}

	private void writeAll(int a, int b, int c, int d) {
		this.start[0].write(a);
		this.start[1].write(b);
		this.start[2].write(c);
		this.start[3].write(d);
	}

	private void checkEnd(String what, int[] expected) {
		for (int k = 0; k < 4; k++) {
			int actual = this.end[k].read();
			if (actual != expected[k]) {
				ShapeMismatchException.check(what + " p" + (k + 1), expected[k], actual);
			}
		}
	}

}
