package dev.philjs.spring.web;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

import dev.philjs.spring.json.StoreJson;
import dev.philjs.spring.store.StoreChange;
import dev.philjs.spring.store.StoreListener;
import dev.philjs.spring.store.StoreSnapshot;
import dev.philjs.spring.store.StoreSubscription;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * One SSE stream of one store instance, written with Servlet non-blocking output: a
 * {@link StoreListener} that is {@linkplain #ready() ready} only while the servlet output
 * stream is, and a {@link WriteListener} that resumes the store subscription when the
 * stream becomes writable again.
 *
 * <p>
 * No thread ever waits for the client. A frame (one SSE event) is written only when the
 * container says a write will not block; the container keeps what the socket did not take
 * and calls {@link #onWritePossible()} once it is sent. Meanwhile the subscription is
 * parked and the client simply falls behind (the store instance conflates what it
 * missed), so a stalled stream holds at most one frame. Writes (deliveries on the
 * delivery executor, heartbeats and the stall check on the scheduler, the first write
 * from the container) are serialized by a lock that is only ever held for a non-blocking
 * write; container callbacks and closes only try it, so they never wait.
 */
final class StoreEventStream implements StoreListener, WriteListener {

	private static final System.Logger logger = System.getLogger(StoreEventStream.class.getName());

	private static final byte[] HEARTBEAT = frame(SseEmitter.event().comment("heartbeat"));

	private final ServletOutputStream out;

	private final DeferredResult<?> result;

	private final StoreJson json;

	private final long heartbeatNanos;

	private final long stallNanos;

	private final Consumer<StoreEventStream> onClose;

	/**
	 * Serializes writes. Not reentrant, and that is relied on nowhere: every holder calls
	 * {@link #completeIfPending()} after unlocking. A {@code StampedLock} rather than a
	 * {@code ReentrantLock}, whose every acquisition stores the owner thread into this
	 * long-lived object (a G1 card mark per event in the profile of 5,000 streams).
	 */
	private final StampedLock lock = new StampedLock();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicBoolean completePending = new AtomicBoolean();

	private final List<ScheduledFuture<?>> tasks = new CopyOnWriteArrayList<>();

	/** The frame to write when the stream is ready; guarded by the lock. */
	private byte @Nullable [] pending;

	/** Whether bytes were written since the last flush; guarded by the lock. */
	private boolean unflushed;

	/**
	 * Whether the last check of the output stream found it ready with nothing pending and
	 * nothing written since: then a new frame can be written at once, and
	 * {@link #ready()} answers without the lock. Written under the lock.
	 */
	private volatile boolean idle;

	private volatile long lastWrite = System.nanoTime();

	/** When the stream was last found not ready (0 while it is ready). */
	private volatile long notReadySince;

	private volatile @Nullable StoreSubscription subscription;

	/**
	 * Creates the stream.
	 * @param out the output stream (async already started; its write listener is set by
	 * the caller)
	 * @param result completes the async request
	 * @param json encodes snapshots and changes
	 * @param heartbeat the heartbeat interval
	 * @param stallTimeout how long the stream may stay not writable
	 * @param retry the reconnection delay to send first, or {@code null} for none
	 * @param onClose called once when the stream closes
	 */
	StoreEventStream(ServletOutputStream out, DeferredResult<?> result, StoreJson json, Duration heartbeat,
			Duration stallTimeout, @Nullable Duration retry, Consumer<StoreEventStream> onClose) {
		this.out = out;
		this.result = result;
		this.json = json;
		this.heartbeatNanos = heartbeat.toNanos();
		this.stallNanos = stallTimeout.toNanos();
		this.onClose = onClose;
		if (retry != null) {
			this.pending = frame(SseEmitter.event().reconnectTime(retry.toMillis()));
		}
	}

	/**
	 * Attaches the store subscription (disposed at once if the stream already closed) and
	 * resumes it, in case the stream became writable before it was attached.
	 */
	void attach(StoreSubscription subscription) {
		this.subscription = subscription;
		if (this.closed.get()) {
			subscription.dispose();
		}
		else {
			subscription.resume();
		}
	}

	/** Attaches a scheduled task (cancelled at once if the stream already closed). */
	void attachTask(ScheduledFuture<?> task) {
		this.tasks.add(task);
		if (this.closed.get()) {
			task.cancel(false);
		}
	}

	/** Writes what is pending and tells whether a new frame can be written now. */
	@Override
	public boolean ready() {
		if (this.idle) {
			// the stream was ready after the last write and nothing was written since
			return !this.closed.get();
		}
		long stamp = this.lock.writeLock();
		try {
			return !this.closed.get() && drain();
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.DEBUG, "Writing to the SSE stream failed; closing it", ex);
			fail();
			return false;
		}
		finally {
			this.lock.unlockWrite(stamp);
			completeIfPending();
		}
	}

	/** Writes never block: they go out only when the container says they will not. */
	@Override
	public boolean nonBlocking() {
		return true;
	}

	@Override
	public void onSnapshot(StoreSnapshot snapshot) throws IOException {
		write(frame(SseEmitter.event()
			.id(Long.toString(snapshot.version()))
			.name("snapshot")
			.data(this.json.snapshot(snapshot))));
	}

	@Override
	public void onChanges(List<StoreChange> changes) throws IOException {
		for (StoreChange change : changes) {
			// framed once per change, whatever the number of streams
			write(change.framed(this::frameChange));
		}
	}

	private byte[] frameChange(StoreChange change) {
		return frame(
				SseEmitter.event().id(Long.toString(change.version())).name("change").data(this.json.change(change)));
	}

	/** The subscription ended (store instance disposed, or a delivery failed). */
	@Override
	public void onClose() {
		close(true);
	}

	/**
	 * Runs on a container thread when the stream became writable (first after the
	 * listener is set, then after every time it was found not ready): writes what is
	 * pending if no other thread is writing, and resumes the subscription.
	 */
	@Override
	public void onWritePossible() throws IOException {
		this.notReadySince = 0;
		if (this.closed.get()) {
			return;
		}
		long stamp = this.lock.tryWriteLock();
		if (stamp != 0) {
			try {
				drain();
			}
			catch (IOException | RuntimeException ex) {
				fail();
				throw ex;
			}
			finally {
				this.lock.unlockWrite(stamp);
				completeIfPending();
			}
		}
		StoreSubscription subscription = this.subscription;
		if (subscription != null) {
			subscription.resume();
		}
	}

	/**
	 * A non-blocking write failed (the client went away): the container ends the request.
	 */
	@Override
	public void onError(Throwable ex) {
		logger.log(Level.DEBUG, "SSE stream failed", ex);
		close(false);
	}

	/**
	 * Writes a frame now if the stream is ready, else keeps it for when it is (callers
	 * ask {@link #ready()} first, so at most one frame is ever kept).
	 */
	private void write(byte[] frame) throws IOException {
		long stamp = this.lock.writeLock();
		try {
			if (this.closed.get()) {
				throw new IOException("The stream is closed");
			}
			if (this.idle) {
				// the last isReady() answered true and nothing was written since: write
				// at once (no detour through the pending field, whose store of a new
				// array into this old object would cost a GC card mark per frame)
				this.idle = false;
				this.out.write(frame);
				this.unflushed = true;
				this.lastWrite = System.nanoTime();
			}
			else {
				byte[] kept = this.pending;
				this.pending = (kept != null) ? concat(kept, frame) : frame;
			}
			drain();
		}
		finally {
			this.lock.unlockWrite(stamp);
			completeIfPending();
		}
	}

	/**
	 * Under the lock: flushes and writes what is pending while the output stream is
	 * ready, never blocking.
	 * @return whether the stream is ready for a new frame (nothing is pending)
	 */
	private boolean drain() throws IOException {
		while (true) {
			if (!this.out.isReady()) {
				this.idle = false;
				// the container calls onWritePossible once it has sent what it holds
				if (this.notReadySince == 0) {
					this.notReadySince = System.nanoTime() | 1;
				}
				return false;
			}
			byte[] frame = this.pending;
			if (this.unflushed) {
				this.unflushed = false;
				this.out.flush();
			}
			else if (frame != null) {
				this.pending = null;
				this.unflushed = true;
				this.out.write(frame);
				this.lastWrite = System.nanoTime();
			}
			else {
				this.notReadySince = 0;
				this.idle = true;
				return true;
			}
		}
	}

	/**
	 * Runs on the scheduler: if nothing was written for half the heartbeat interval and
	 * the stream is ready, writes a heartbeat comment (a stalled stream needs none, and a
	 * write in progress is as good as a heartbeat).
	 */
	void heartbeatIfIdle() {
		if (this.closed.get() || System.nanoTime() - this.lastWrite < this.heartbeatNanos / 2) {
			return;
		}
		long stamp = this.lock.tryWriteLock();
		if (stamp == 0) {
			return;
		}
		try {
			if (!this.closed.get() && drain()) {
				this.pending = HEARTBEAT;
				drain();
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.DEBUG, "Heartbeat failed; closing the SSE stream", ex);
			fail();
		}
		finally {
			this.lock.unlockWrite(stamp);
			completeIfPending();
		}
	}

	/**
	 * Runs on the scheduler: closes the stream if it has not been writable for the stall
	 * timeout (the client stopped reading; if it is alive it reconnects and resumes).
	 */
	void closeIfStalled() {
		long since = this.notReadySince;
		if (since != 0 && !this.closed.get() && System.nanoTime() - since >= this.stallNanos) {
			logger.log(Level.DEBUG, "SSE stream stalled for longer than the stall timeout; closing it");
			close(true);
		}
	}

	/**
	 * Closes the stream once: cancels its tasks, disposes the subscription and, if asked,
	 * completes the response.
	 * @param complete whether to complete the response (not when the container already
	 * ended it)
	 */
	void close(boolean complete) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		for (ScheduledFuture<?> task : this.tasks) {
			task.cancel(false);
		}
		StoreSubscription subscription = this.subscription;
		if (subscription != null) {
			subscription.dispose();
		}
		if (complete) {
			this.completePending.set(true);
			completeIfPending();
		}
		this.onClose.accept(this);
	}

	/** Under the lock, after a failed write: drops what is pending and closes. */
	private void fail() {
		this.pending = null;
		this.unflushed = false;
		close(true);
	}

	/**
	 * Completes the response if a close asked for it and no write is in progress; every
	 * lock holder calls this after unlocking, so a close that finds the lock taken never
	 * waits and the completion still happens, by the writer.
	 */
	private void completeIfPending() {
		if (!this.completePending.get()) {
			return;
		}
		long stamp = this.lock.tryWriteLock();
		if (stamp == 0) {
			return;
		}
		try {
			if (this.completePending.getAndSet(false)) {
				if (this.unflushed && this.out.isReady()) {
					this.unflushed = false;
					this.out.flush();
				}
				this.result.setResult(null);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.DEBUG, "Completing the SSE stream failed", ex);
			this.result.setResult(null);
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	boolean isStalled() {
		return this.notReadySince != 0;
	}

	boolean isClosed() {
		return this.closed.get();
	}

	/** The bytes of one SSE event, framed by Spring's SSE event builder. */
	private static byte[] frame(SseEventBuilder event) {
		StringBuilder text = new StringBuilder();
		for (DataWithMediaType part : event.build()) {
			if (!(part.getData() instanceof String string)) {
				throw new IllegalStateException("An SSE frame has only text parts");
			}
			text.append(string);
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] joined = new byte[first.length + second.length];
		System.arraycopy(first, 0, joined, 0, first.length);
		System.arraycopy(second, 0, joined, first.length, second.length);
		return joined;
	}

}
