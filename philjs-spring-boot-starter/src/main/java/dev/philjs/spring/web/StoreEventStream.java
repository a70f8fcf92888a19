package dev.philjs.spring.web;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.philjs.core.Disposable;
import dev.philjs.spring.json.StoreJson;
import dev.philjs.spring.store.StoreChange;
import dev.philjs.spring.store.StoreListener;
import dev.philjs.spring.store.StoreSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.function.ServerResponse.SseBuilder;

/**
 * One SSE stream of one store instance: a {@link StoreListener} that writes each delivery
 * as SSE events, plus heartbeat comments on idle streams. Writes happen on the delivery
 * executor (deliveries by the store instance, heartbeats handed over by the scheduler),
 * one at a time under a lock; a failed write closes the stream and its subscription.
 */
final class StoreEventStream implements StoreListener {

	private static final System.Logger logger = System.getLogger(StoreEventStream.class.getName());

	private final SseBuilder sse;

	private final StoreJson json;

	private final Executor executor;

	private final long heartbeatNanos;

	private final Consumer<StoreEventStream> onClose;

	private final ReentrantLock lock = new ReentrantLock();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean heartbeatPending = new AtomicBoolean();

	private final AtomicBoolean completePending = new AtomicBoolean();

	private volatile long lastWrite = System.nanoTime();

	private volatile @Nullable Disposable subscription;

	private volatile @Nullable ScheduledFuture<?> heartbeat;

	StoreEventStream(SseBuilder sse, StoreJson json, Executor executor, Duration heartbeat,
			Consumer<StoreEventStream> onClose) {
		this.sse = sse;
		this.json = json;
		this.executor = executor;
		this.heartbeatNanos = heartbeat.toNanos();
		this.onClose = onClose;
	}

	/** Sends the reconnection delay, before anything else. */
	void sendRetry(Duration retry) throws IOException {
		this.lock.lock();
		try {
			this.sse.retry(retry).send();
			this.lastWrite = System.nanoTime();
		}
		finally {
			this.lock.unlock();
			completeIfPending();
		}
	}

	/**
	 * Attaches the store subscription (disposed at once if the stream already closed).
	 */
	void attach(Disposable subscription) {
		this.subscription = subscription;
		if (this.closed.get()) {
			subscription.dispose();
		}
	}

	/** Attaches the heartbeat task (cancelled at once if the stream already closed). */
	void attachHeartbeat(ScheduledFuture<?> heartbeat) {
		this.heartbeat = heartbeat;
		if (this.closed.get()) {
			heartbeat.cancel(false);
		}
	}

	@Override
	public void onSnapshot(StoreSnapshot snapshot) throws IOException {
		write(snapshot.version(), "snapshot", this.json.snapshot(snapshot));
	}

	@Override
	public void onChanges(List<StoreChange> changes) throws IOException {
		for (StoreChange change : changes) {
			write(change.version(), "change", this.json.change(change));
		}
	}

	/** The subscription ended (store instance disposed, or a write failed). */
	@Override
	public void onClose() {
		close(true);
	}

	private void write(long version, String event, String data) throws IOException {
		this.lock.lock();
		try {
			if (this.closed.get()) {
				throw new IOException("The stream is closed");
			}
			this.sse.id(Long.toString(version)).event(event).data(data);
			this.lastWrite = System.nanoTime();
		}
		finally {
			this.lock.unlock();
			completeIfPending();
		}
	}

	/**
	 * Runs on the scheduler: if nothing was written for half the heartbeat interval,
	 * hands one heartbeat write to the delivery executor.
	 */
	void heartbeatIfIdle() {
		if (this.closed.get() || System.nanoTime() - this.lastWrite < this.heartbeatNanos / 2
				|| !this.heartbeatPending.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(this::writeHeartbeat);
		}
		catch (RejectedExecutionException ex) {
			this.heartbeatPending.set(false);
		}
	}

	private void writeHeartbeat() {
		try {
			// a write in progress is as good as a heartbeat
			if (this.lock.tryLock()) {
				try {
					if (!this.closed.get()) {
						this.sse.comment("heartbeat").send();
						this.lastWrite = System.nanoTime();
					}
				}
				finally {
					this.lock.unlock();
					completeIfPending();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.DEBUG, "Heartbeat failed; closing the SSE stream", ex);
			close(false);
		}
		finally {
			this.heartbeatPending.set(false);
		}
	}

	/**
	 * Closes the stream once: cancels the heartbeat, disposes the subscription and, if
	 * asked, completes the response.
	 * @param complete whether to complete the response (not when the container already
	 * ended it)
	 */
	void close(boolean complete) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		ScheduledFuture<?> heartbeat = this.heartbeat;
		if (heartbeat != null) {
			heartbeat.cancel(false);
		}
		Disposable subscription = this.subscription;
		if (subscription != null) {
			subscription.dispose();
		}
		if (complete) {
			this.completePending.set(true);
			completeIfPending();
		}
		this.onClose.accept(this);
	}

	/**
	 * Completes the response if a close asked for it and no write is in progress; every
	 * lock holder calls this after unlocking, so a close that finds the lock taken never
	 * blocks and the completion still happens, by the writer.
	 */
	private void completeIfPending() {
		if (!this.completePending.get() || !this.lock.tryLock()) {
			return;
		}
		try {
			if (this.completePending.getAndSet(false)) {
				this.sse.complete();
			}
		}
		catch (RuntimeException ex) {
			logger.log(Level.DEBUG, "Completing the SSE stream failed", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isClosed() {
		return this.closed.get();
	}

}
