package dev.philjs.benchmarks;

import java.util.function.IntFunction;

import dev.philjs.core.Disposable;
import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Prints the memory footprint of PhilJS's graph: bytes per signal, memo, effect and
 * dependency edge, measured with JOL's {@link GraphLayout} on built graphs. Each figure
 * is the difference between a graph with {@code 2 N} and one with {@code N} of the thing,
 * divided by {@code N}, so that fixed costs (the root, shared signals, cached values)
 * cancel out. Memos and effects include their lambda (one capturing lambda each, as in
 * real code). Run with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.philjs.benchmarks.Footprint}.
 *
 * @since 0.1.0
 */
public final class Footprint {

	private static final int N = 10_000;

	private Footprint() {
	}

	/**
	 * Measures and prints.
	 * @param args ignored
	 */
	public static void main(String[] args) {
		// memos and effects hold lambdas, which are hidden classes: Unsafe cannot give
		// their field offsets, JOL has to find them another way
		System.setProperty("jol.magicFieldOffset", "true");
		System.out.println(VM.current().details());
		System.out.println();
		System.out.println("Shallow sizes of the engine's classes (bytes):");
		for (String name : new String[] { "SignalNode", "MemoNode", "EffectNode", "RootNode", "Link" }) {
			System.out.printf("  %-12s %4d%n", name, shallowSize("dev.philjs.core.internal." + name));
		}
		System.out.println();

		double signal = perUnit(Footprint::signals);
		double memo = perUnit(Footprint::unreadMemos);
		double memoWithEdge = perUnit(Footprint::readMemos);
		double edge = perUnit((n) -> effectsReadingShared(n, 2)) - perUnit((n) -> effectsReadingShared(n, 1));
		double effect = perUnit((n) -> effectsReadingShared(n, 1)) - edge;

		System.out.printf("Measured on graphs of %d and %d nodes (bytes per unit):%n", N, 2 * N);
		System.out.printf("  Signal (value shared)                               %8.1f%n", signal);
		System.out.printf("  Memo never read, no edge (with a 1-capture lambda)  %8.1f%n", memo);
		System.out.printf("  Memo read once: memo + 1 edge (value shared)        %8.1f%n", memoWithEdge);
		System.out.printf("  Effect, edges excluded (with a 3-capture lambda)    %8.1f%n", effect);
		System.out.printf("  Dependency edge (Link)                              %8.1f%n", edge);
	}

	private static long shallowSize(String className) {
		try {
			return ClassLayout.parseClass(Class.forName(className)).instanceSize();
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns {@code (size(graph(2N)) - size(graph(N))) / N}.
	 */
	private static double perUnit(IntFunction<Built> build) {
		long small = measure(build, N);
		long large = measure(build, 2 * N);
		return (large - small) / (double) N;
	}

	private static long measure(IntFunction<Built> build, int count) {
		Built built = build.apply(count);
		try {
			// the handles are the roots of the walk; the array holding them is not
			// counted
			return GraphLayout.parseInstance(built.handles).totalSize();
		}
		finally {
			built.root.dispose();
		}
	}

	private static Built signals(int count) {
		return Reactive.createRoot((root) -> {
			Object[] handles = new Object[count];
			for (int i = 0; i < count; i++) {
				handles[i] = Reactive.signal(0);
			}
			return new Built(root, handles);
		});
	}

	private static Built unreadMemos(int count) {
		return Reactive.createRoot((root) -> {
			Signal<Integer> source = Reactive.signal(0);
			for (int i = 0; i < count; i++) {
				Reactive.memo(() -> source.get() + 1);
			}
			return new Built(root, new Object[] { root });
		});
	}

	private static Built readMemos(int count) {
		return Reactive.createRoot((root) -> {
			Signal<Integer> source = Reactive.signal(0);
			for (int i = 0; i < count; i++) {
				Memo<Integer> memo = Reactive.memo(() -> source.get() + 1);
				memo.get();
			}
			return new Built(root, new Object[] { root });
		});
	}

	private static Built effectsReadingShared(int count, int reads) {
		return Reactive.createRoot((root) -> {
			Signal<Integer> first = Reactive.signal(0);
			Signal<Integer> second = Reactive.signal(0);
			boolean both = reads == 2;
			for (int i = 0; i < count; i++) {
				// the same lambda class in both cases, so that only the edges differ
				Reactive.effect(() -> {
					first.get();
					if (both) {
						second.get();
					}
				});
			}
			return new Built(root, new Object[] { root });
		});
	}

	private record Built(Disposable root, Object[] handles) {
	}

}
