package dev.philjs.spring.websocket;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.philjs.spring.store.StoreService;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Serves the PhilJS WebSocket protocol (plain JSON text messages, see docs/protocol.md):
 * clients subscribe to stores and receive snapshots and changes, set writable signals and
 * call actions. Every operation goes through {@link StoreService}, so access rules, JSON
 * conversion and validation are the same as over HTTP.
 *
 * <p>
 * Frames are sent with the container's asynchronous send (Jakarta WebSocket
 * {@code RemoteEndpoint.Async}), one in flight per connection, so no thread waits for a
 * client. Limits per connection: a message larger than {@link Limits#maxMessageSize()}
 * closes that connection with status 1009; a client that does not read fast enough (a
 * send lasting longer than {@link Limits#sendTimeLimit()}, or more than
 * {@link Limits#sendBufferSize()} bytes waiting) is disconnected with status 4500; at
 * most {@link Limits#maxSubscriptions()} subscriptions. Bad messages get an error frame,
 * leave the connection open and change nothing.
 *
 * <p>
 * Thread safety: the container calls it from any thread; every public method may be
 * called from any thread.
 *
 * @since 0.1.0
 */
public class StoreWebSocketHandler extends TextWebSocketHandler implements SmartLifecycle {

	private static final boolean JAKARTA_WEBSOCKET_PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			StoreWebSocketHandler.class.getClassLoader());

	private final StoreService service;

	private final Limits limits;

	private final WebSocketFrames frames;

	private final Map<String, WebSocketConnection> connections = new ConcurrentHashMap<>();

	private volatile boolean running = true;

	/**
	 * Creates the handler.
	 * @param service the store operations
	 * @param limits the limits of each connection
	 */
	public StoreWebSocketHandler(StoreService service, Limits limits) {
		this.service = service;
		this.limits = limits;
		this.frames = new WebSocketFrames(service.json());
	}

	/**
	 * Returns the limits of each connection.
	 * @return the limits
	 */
	public Limits limits() {
		return this.limits;
	}

	/**
	 * Returns the number of open connections (for monitoring).
	 * @return the count
	 */
	public int connectionCount() {
		return this.connections.size();
	}

	/**
	 * Returns the number of live subscriptions over all connections (for monitoring).
	 * @return the count
	 */
	public int subscriptionCount() {
		int count = 0;
		for (WebSocketConnection connection : this.connections.values()) {
			count += connection.subscriptionCount();
		}
		return count;
	}

	/**
	 * Sets up a new connection: message size limit, send limits, and its caller (from the
	 * handshake's principal and the attributes of {@link StoreHandshakeInterceptor}).
	 */
	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		session.setTextMessageSizeLimit(this.limits.maxMessageSize());
		WebSocketOutbox.Transport transport = (JAKARTA_WEBSOCKET_PRESENT)
				? JakartaSessions.asyncTransport(session, this.limits.sendTimeLimit()) : null;
		if (transport == null) {
			transport = blockingTransport(session);
		}
		String id = session.getId();
		WebSocketConnection connection = new WebSocketConnection(session, transport, this.service, this.frames,
				this.limits, () -> this.connections.remove(id));
		this.connections.put(id, connection);
		if (!session.isOpen()) {
			connection.shutdown();
		}
		else if (!this.running) {
			connection.close(CloseStatus.GOING_AWAY);
		}
	}

	/** Accepts connections (they are accepted from construction on). */
	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Closes every open connection with status 1001 (going away), so that clients
	 * reconnect (to another instance, or to this one once it starts again); connections
	 * opened while stopped are closed the same way. Runs before the web server's graceful
	 * shutdown, which would otherwise wait for them.
	 */
	@Override
	public void stop() {
		this.running = false;
		for (WebSocketConnection connection : List.copyOf(this.connections.values())) {
			connection.close(CloseStatus.GOING_AWAY);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Handles one client message (one reply frame per message; see docs/protocol.md).
	 */
	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		WebSocketConnection connection = this.connections.get(session.getId());
		if (connection != null) {
			connection.receive(message);
		}
	}

	/**
	 * Disposes the connection's subscriptions and request stores.
	 */
	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		WebSocketConnection connection = this.connections.get(session.getId());
		if (connection != null) {
			connection.shutdown();
		}
	}

	/**
	 * The limits of each connection.
	 *
	 * @param maxMessageSize the largest client message, in bytes (UTF-8)
	 * @param sendTimeLimit how long one send to a client may take before the client is
	 * dropped
	 * @param sendBufferSize how many bytes may wait for a slow client before it is
	 * dropped
	 * @param maxSubscriptions how many stores one connection may subscribe to
	 * @since 0.1.0
	 */
	public record Limits(int maxMessageSize, Duration sendTimeLimit, int sendBufferSize, int maxSubscriptions) {

		/** The default number of subscriptions per connection. */
		public static final int DEFAULT_MAX_SUBSCRIPTIONS = 64;

		/**
		 * Checks the limits.
		 * @throws IllegalArgumentException if one is not positive
		 */
		public Limits {
			if (maxMessageSize < 1 || sendBufferSize < 1 || maxSubscriptions < 1 || sendTimeLimit.isNegative()
					|| sendTimeLimit.isZero()) {
				throw new IllegalArgumentException("WebSocket limits must be positive");
			}
		}

	}

	/**
	 * Sends with the session's own (blocking) send: only for sessions that are not
	 * Jakarta WebSocket sessions, which no servlet container gives (the outbox still
	 * keeps one frame in flight and its limits).
	 */
	private static WebSocketOutbox.Transport blockingTransport(WebSocketSession session) {
		return new WebSocketOutbox.Transport() {

			@Override
			public void send(String text, Consumer<@Nullable Throwable> completion) {
				try {
					session.sendMessage(new TextMessage(text));
				}
				catch (IOException | RuntimeException ex) {
					completion.accept(ex);
					return;
				}
				completion.accept(null);
			}

			@Override
			public boolean blocks() {
				return true;
			}

		};
	}

	/**
	 * The Jakarta WebSocket session under Spring's (only loaded when the Jakarta
	 * WebSocket API is on the class path).
	 */
	private static final class JakartaSessions {

		/** Tomcat's bound on how long one blocking send (a close frame) may wait. */
		private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

		/**
		 * Returns a transport over the container's asynchronous send, whose own timeout
		 * is the send time limit, or {@code null} if the session is not a Jakarta one.
		 */
		static WebSocketOutbox.@Nullable Transport asyncTransport(WebSocketSession session, Duration sendTimeLimit) {
			if (!(session instanceof NativeWebSocketSession nativeSession)) {
				return null;
			}
			Session jakartaSession = nativeSession.getNativeSession(Session.class);
			if (jakartaSession == null) {
				return null;
			}
			jakartaSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeLimit.toMillis());
			RemoteEndpoint.Async remote = jakartaSession.getAsyncRemote();
			remote.setSendTimeout(sendTimeLimit.toMillis());
			return (text, completion) -> remote.sendText(text, (result) -> completion.accept(failure(result)));
		}

		private static @Nullable Throwable failure(SendResult result) {
			if (result.isOK()) {
				return null;
			}
			Throwable failure = result.getException();
			return (failure != null) ? failure : new IOException("The send failed");
		}

	}

}
