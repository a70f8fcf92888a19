package dev.philjs.benchmarks.load;

import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, recorded from any thread (HdrHistogram's {@link Recorder}),
 * with a count.
 */
final class Latencies {

	private final Recorder recorder = new Recorder(3);

	private final LongAdder count = new LongAdder();

	private Histogram taken = new Histogram(3);

	void recordNanos(long nanos) {
		this.recorder.recordValue(Math.max(0, nanos / 1000));
		this.count.increment();
	}

	long count() {
		return this.count.sum();
	}

	/** Forgets what was recorded so far. */
	void reset() {
		this.recorder.reset();
		this.count.reset();
		this.taken = new Histogram(3);
	}

	/** What was recorded since the last reset, cumulated over calls. */
	Histogram histogram() {
		this.taken.add(this.recorder.getIntervalHistogram());
		return this.taken;
	}

	/** {@code p50 / p99 / max} in milliseconds. */
	String summary() {
		Histogram histogram = histogram();
		if (histogram.getTotalCount() == 0) {
			return "n/a";
		}
		return String.format("%.1f / %.1f / %.1f ms", histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
	}

	double p99Millis() {
		return histogram().getValueAtPercentile(99) / 1000.0;
	}

}
