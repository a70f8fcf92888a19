package dev.philjs.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import reactor.core.Disposable;

/**
 * Subscribers of one kind (SSE or WebSocket) to one stream: opened in batches (so that
 * the accept queue is not flooded), counted when their first snapshot arrives, recording
 * the latency of every change sent after {@link #measureFrom(long)}.
 */
abstract class Subscribers implements AutoCloseable {

	/** The current measurement (replaced by {@link #restart(long)}). */
	volatile Latencies latencies = new Latencies();

	final LongAdder errors = new LongAdder();

	private final AtomicInteger connected = new AtomicInteger();

	private final List<Disposable> connections = new ArrayList<>();

	private volatile long measureFrom = Long.MAX_VALUE;

	/**
	 * Opens {@code count} subscribers, {@code batch} at a time, each batch waiting (at
	 * most {@code timeout}) for its snapshots. Returns how many are connected.
	 */
	int open(int count, int batch, boolean stalled, Duration timeout) {
		for (int done = 0; done < count; done += batch) {
			int size = Math.min(batch, count - done);
			CountDownLatch ready = new CountDownLatch(size);
			for (int i = 0; i < size; i++) {
				AtomicBoolean first = new AtomicBoolean(true);
				Runnable onReady = () -> {
					if (first.compareAndSet(true, false)) {
						this.connected.incrementAndGet();
						ready.countDown();
					}
				};
				Runnable onFailure = () -> {
					if (first.compareAndSet(true, false)) {
						ready.countDown();
					}
				};
				Disposable connection = connect(stalled, onReady, onFailure);
				synchronized (this.connections) {
					this.connections.add(connection);
				}
			}
			try {
				if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					break;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return this.connected.get();
	}

	/**
	 * Opens one subscriber. {@code onReady} runs once the snapshot arrived,
	 * {@code onFailure} if it fails before; a stalled subscriber reads nothing after its
	 * snapshot.
	 */
	abstract Disposable connect(boolean stalled, Runnable onReady, Runnable onFailure);

	/** Records changes sent at or after this time ({@code System.nanoTime()}). */
	void measureFrom(long nanos) {
		this.measureFrom = nanos;
	}

	/**
	 * Starts a new measurement in a fresh histogram: changes sent at or after
	 * {@code nanos}.
	 */
	void restart(long nanos) {
		this.latencies = new Latencies();
		this.measureFrom = nanos;
	}

	/** Called by the subclasses for every change received. */
	void onChange(long sent) {
		long now = System.nanoTime();
		if (sent != Events.NONE && sent >= this.measureFrom) {
			this.latencies.recordNanos(now - sent);
		}
	}

	int connected() {
		return this.connected.get();
	}

	@Override
	public void close() {
		synchronized (this.connections) {
			this.connections.forEach(Disposable::dispose);
			this.connections.clear();
		}
	}

}
