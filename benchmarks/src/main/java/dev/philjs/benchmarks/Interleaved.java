package dev.philjs.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An A/B comparison of two builds of the engine in one JVM, for hosts whose speed drifts:
 * each build's {@code benchmarks.jar} is loaded in its own class loader (so each has its
 * own copy of the engine's classes, compiled and profiled separately), the same kairo
 * shape is built in both, and the two are timed in alternating slices of a few
 * milliseconds on the same thread, so that both see the same state of the machine.
 * Prints, per shape, each build's median time per {@code iter()} and the median of the
 * per-pair ratios B/A with its interquartile range.
 *
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.philjs.benchmarks.Interleaved A.jar B.jar
 * [shapes] [seconds]} (shapes comma-separated, default
 * {@code deepPropagation,broadPropagation,diamond}; seconds of measurement per shape,
 * default 5). Run it with {@code -XX:AutoBoxCacheMax=65536}, like the JMH forks, and
 * pinned to one CPU ({@code taskset -c 1}) so the JIT's threads use the other one. A
 * build may be given as {@code jar#class} to time another {@link Framework} of that JAR
 * than {@link PhilJsFramework} (for example {@link BareFramework}). A tool run by hand,
 * never in CI.
 *
 * @since 0.1.0
 */
public final class Interleaved {

	private static final long SLICE_NANOS = 2_000_000;

	private Interleaved() {
	}

	/**
	 * Runs the comparison.
	 * @param args A.jar, B.jar, optional shapes, optional seconds per shape
	 * @throws Throwable if a build cannot be loaded or a shape fails its checks
	 */
	public static void main(String[] args) throws Throwable {
		if (args.length < 2) {
			System.err.println("usage: Interleaved A.jar B.jar [shapes] [seconds]");
			System.exit(2);
		}
		String[] shapes = ((args.length > 2) ? args[2] : "deepPropagation,broadPropagation,diamond").split(",");
		int seconds = (args.length > 3) ? Integer.parseInt(args[3]) : 5;
		for (String shape : shapes) {
			Build a = new Build(args[0], shape);
			Build b = new Build(args[1], shape);
			long warmEnd = System.nanoTime() + 3_000_000_000L;
			while (System.nanoTime() < warmEnd) {
				a.slice(10);
				b.slice(10);
			}
			int perSlice = calibrate(a);
			List<double[]> pairs = new ArrayList<>();
			long end = System.nanoTime() + seconds * 1_000_000_000L;
			boolean aFirst = true;
			while (System.nanoTime() < end) {
				double ta;
				double tb;
				if (aFirst) {
					ta = a.slice(perSlice);
					tb = b.slice(perSlice);
				}
				else {
					tb = b.slice(perSlice);
					ta = a.slice(perSlice);
				}
				aFirst = !aFirst;
				pairs.add(new double[] { ta, tb });
			}
			double[] as = pairs.stream().mapToDouble((p) -> p[0]).sorted().toArray();
			double[] bs = pairs.stream().mapToDouble((p) -> p[1]).sorted().toArray();
			double[] ratios = pairs.stream().mapToDouble((p) -> p[1] / p[0]).sorted().toArray();
			System.out.printf("%-22s A %8.2f us  B %8.2f us  B/A median %.3f (IQR %.3f-%.3f, %d pairs of %d iter)%n",
					shape, quantile(as, 0.5), quantile(bs, 0.5), quantile(ratios, 0.5), quantile(ratios, 0.25),
					quantile(ratios, 0.75), pairs.size(), perSlice);
			a.close();
			b.close();
		}
	}

	private static int calibrate(Build build) throws Throwable {
		int n = 1;
		for (;;) {
			long t0 = System.nanoTime();
			build.run(n);
			long took = System.nanoTime() - t0;
			if (took > SLICE_NANOS / 4 || n > 1 << 20) {
				return (int) Math.max(1, n * SLICE_NANOS / Math.max(1, took));
			}
			n *= 2;
		}
	}

	private static double quantile(double[] sorted, double q) {
		return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
	}

	/** One build of the engine with one shape built on it. */
	private static final class Build implements AutoCloseable {

		private final URLClassLoader loader;

		private final Object framework;

		private final MethodHandle iter;

		Build(String spec, String shape) throws Throwable {
			int hash = spec.indexOf('#');
			Path jar = Path.of((hash < 0) ? spec : spec.substring(0, hash));
			String fwName = (hash < 0) ? "dev.philjs.benchmarks.PhilJsFramework" : spec.substring(hash + 1);
			this.loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, ClassLoader.getPlatformClassLoader());
			Class<?> fwClass = this.loader.loadClass(fwName);
			Class<?> fwInterface = this.loader.loadClass("dev.philjs.benchmarks.Framework");
			Class<?> shapeClass = this.loader.loadClass("dev.philjs.benchmarks.KairoShape");
			this.framework = fwClass.getConstructor().newInstance();
			Method create = shapeClass.getMethod("create", String.class, fwInterface);
			Method build = fwInterface.getMethod("build", Supplier.class);
			Supplier<Object> body = () -> {
				try {
					return create.invoke(null, shape, this.framework);
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(ex);
				}
			};
			Object built = build.invoke(this.framework, body);
			this.iter = MethodHandles.publicLookup()
				.findVirtual(shapeClass, "iter", MethodType.methodType(void.class))
				.bindTo(built);
			run(3);
		}

		void run(int n) throws Throwable {
			MethodHandle mh = this.iter;
			for (int i = 0; i < n; i++) {
				mh.invokeExact();
			}
		}

		/**
		 * Runs {@code n} iterations and returns the time per iteration in microseconds.
		 */
		double slice(int n) throws Throwable {
			long t0 = System.nanoTime();
			run(n);
			return (System.nanoTime() - t0) / 1000.0 / n;
		}

		@Override
		public void close() throws Exception {
			this.framework.getClass().getMethod("dispose").invoke(this.framework);
			this.loader.close();
		}

	}

}
