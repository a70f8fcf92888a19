package dev.philjs.spring.websocket;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The outgoing frames of one connection, in the order they were queued, with at most one
 * frame in flight: a frame is handed to the {@link Transport} (the container's
 * asynchronous send) only when the previous one completed. Nothing here waits for the
 * client.
 *
 * <p>
 * Bounded like Spring's {@code ConcurrentWebSocketSessionDecorator}: queuing a frame
 * while the frame in flight has been sending for longer than the send time limit, or
 * while more than the buffer size (UTF-8 bytes) waits behind it, fails the outbox. A
 * failed send fails it too. A failed outbox drops what it holds, refuses every later
 * frame, and tells its owner once, which closes the connection.
 *
 * <p>
 * Thread safety: every method may be called from any thread, concurrently; none blocks
 * (the transport's send must not block either). Completions may arrive on any thread,
 * including inside the transport's send (a send that completed at once): a drain loop,
 * not recursion, then sends the next frame.
 */
final class WebSocketOutbox {

	private final Transport transport;

	private final long sendTimeLimitNanos;

	private final int bufferSize;

	private final Listener listener;

	private final ArrayDeque<Frame> queue = new ArrayDeque<>();

	/** Drain loop entries: only the thread that raised it from zero sends. */
	private final AtomicInteger pumping = new AtomicInteger();

	/** Guarded by {@code this}: bytes waiting in the queue. */
	private long queuedBytes;

	/**
	 * Guarded by {@code this}: a frame was handed to the transport and did not complete.
	 */
	private boolean inFlight;

	/** Guarded by {@code this}: when the frame in flight was handed over. */
	private long inFlightSince;

	/** Guarded by {@code this}. */
	private boolean closed;

	WebSocketOutbox(Transport transport, long sendTimeLimitNanos, int bufferSize, Listener listener) {
		this.transport = transport;
		this.sendTimeLimitNanos = sendTimeLimitNanos;
		this.bufferSize = bufferSize;
		this.listener = listener;
	}

	/**
	 * Whether {@link #send(String)} never blocks (the transport sends asynchronously).
	 * @return whether sends never block
	 */
	boolean nonBlocking() {
		return !this.transport.blocks();
	}

	/**
	 * Whether nothing is in flight or waiting (and the outbox is open): the moment a
	 * subscription may send its next frame. Never blocks beyond a short monitor.
	 * @return whether the outbox is idle
	 */
	synchronized boolean idle() {
		return !this.closed && !this.inFlight && this.queue.isEmpty();
	}

	/**
	 * Queues a frame and starts sending it if nothing is in flight. Does nothing once the
	 * outbox is closed; fails the outbox (and so closes the connection) if the client is
	 * not keeping up.
	 * @param text the frame
	 */
	void send(String text) {
		String failure = null;
		Frame direct = null;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			Frame frame = new Frame(text, utf8Length(text));
			if (!this.inFlight && this.queue.isEmpty() && this.pumping.compareAndSet(0, 1)) {
				// idle and nobody pumping: hand it to the transport at once, without a
				// round through the queue (whose array would take a GC card mark per
				// frame)
				this.inFlight = true;
				this.inFlightSince = System.nanoTime();
				direct = frame;
			}
			else if (this.inFlight && System.nanoTime() - this.inFlightSince > this.sendTimeLimitNanos) {
				failure = "A send to the client took longer than the send time limit";
			}
			else if (this.inFlight && this.queuedBytes + frame.bytes() > this.bufferSize) {
				failure = "More than " + this.bufferSize + " bytes waited for the client";
			}
			else {
				this.queue.add(frame);
				this.queuedBytes += frame.bytes();
			}
		}
		if (failure != null) {
			fail(new SlowClientException(failure));
			return;
		}
		if (direct != null) {
			// this thread raised pumping from zero: it sends, then drains what came since
			transmit(direct);
			drain(1);
		}
		else {
			pump();
		}
	}

	/** Drops what is queued and refuses later frames; idempotent, never blocks. */
	void close() {
		synchronized (this) {
			this.closed = true;
			this.queue.clear();
			this.queuedBytes = 0;
		}
	}

	/** Sends the next frame while nothing is in flight, one thread at a time. */
	private void pump() {
		if (this.pumping.getAndIncrement() != 0) {
			return;
		}
		sendNext();
		drain(1);
	}

	/**
	 * The end of a pump by the thread that raised {@code pumping} from zero: gives back
	 * the entries it served and sends again for those that came meanwhile.
	 */
	private void drain(int served) {
		int missed = this.pumping.addAndGet(-served);
		while (missed != 0) {
			sendNext();
			missed = this.pumping.addAndGet(-missed);
		}
	}

	/** Sends the next queued frame if nothing is in flight (pumping thread only). */
	private void sendNext() {
		Frame next = null;
		synchronized (this) {
			if (!this.closed && !this.inFlight && !this.queue.isEmpty()) {
				next = this.queue.poll();
				this.queuedBytes -= next.bytes();
				this.inFlight = true;
				this.inFlightSince = System.nanoTime();
			}
		}
		if (next != null) {
			transmit(next);
		}
	}

	private void transmit(Frame frame) {
		try {
			this.transport.send(frame.text(), this::completed);
		}
		catch (RuntimeException ex) {
			completed(ex);
		}
	}

	/** The transport finished the frame in flight, or failed it. */
	private void completed(@Nullable Throwable failure) {
		if (failure != null) {
			fail(failure);
			return;
		}
		boolean idle;
		synchronized (this) {
			this.inFlight = false;
			idle = !this.closed && this.queue.isEmpty();
		}
		if (idle) {
			this.listener.idle();
		}
		else {
			pump();
		}
	}

	private void fail(Throwable failure) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			close();
		}
		this.listener.failed(failure);
	}

	private static int utf8Length(String text) {
		int bytes = text.length();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x800 && !Character.isSurrogate(c)) {
				bytes += 2;
			}
			else if (c >= 0x80) {
				// two bytes, or half of a surrogate pair's four
				bytes += 1;
			}
		}
		return bytes;
	}

	/**
	 * Sends one text frame without blocking and reports its completion exactly once.
	 */
	interface Transport {

		/**
		 * Starts sending a frame; never called again before {@code completion} ran.
		 * @param text the frame
		 * @param completion receives {@code null} once sent, or why it failed
		 */
		void send(String text, Consumer<@Nullable Throwable> completion);

		/**
		 * Whether {@link #send} may block the calling thread until the frame is sent.
		 * @return {@code false} for the container's asynchronous send (the default)
		 */
		default boolean blocks() {
			return false;
		}

	}

	/** What the outbox tells its connection. */
	interface Listener {

		/** The last frame was sent and nothing waits: subscriptions may send again. */
		void idle();

		/** The outbox failed (once): the connection must close. */
		void failed(Throwable failure);

	}

	/** The client did not keep up with the send time limit or the buffer size. */
	static final class SlowClientException extends RuntimeException {

		SlowClientException(String message) {
			super(message, null, false, false);
		}

	}

	private record Frame(String text, int bytes) {
	}

}
