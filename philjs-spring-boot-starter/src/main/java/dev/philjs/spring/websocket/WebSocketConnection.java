package dev.philjs.spring.websocket;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.philjs.core.Context;
import dev.philjs.core.Disposable;
import dev.philjs.core.Reactive;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreChange;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreListener;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.store.StoreSnapshot;
import dev.philjs.spring.store.StoreSubscription;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open WebSocket: its caller, its subscriptions, and the handling of its messages.
 *
 * <p>
 * Messages of one connection are handled one at a time, in order, on the container's
 * thread; frames of subscriptions are queued from the delivery executor. Every frame, a
 * reply or a subscription's, goes through one {@link WebSocketOutbox}: in order, one in
 * flight at a time, sent with the container's asynchronous send, so no thread ever waits
 * for the client. A subscription is {@linkplain StoreListener#ready() ready} only while
 * the outbox is idle; when it becomes idle again, the subscriptions that were refused are
 * resumed (they then send what they missed, conflated). A client that does not keep up is
 * disconnected (status 4500) by the outbox's limits.
 *
 * <p>
 * The connection counts as one request for request stores (they live as long as it does)
 * and belongs to the HTTP session captured at the handshake for session stores.
 */
final class WebSocketConnection {

	static final String MALFORMED = "malformed";

	static final String UNKNOWN_TYPE = "unknown_type";

	static final String TOO_LARGE = StoreException.Kind.TOO_LARGE.code();

	static final String INTERNAL = "internal";

	private static final System.Logger logger = System.getLogger(WebSocketConnection.class.getName());

	private final WebSocketSession session;

	private final StoreService service;

	private final WebSocketFrames frames;

	private final StoreWebSocketHandler.Limits limits;

	private final StoreCaller caller;

	private final String requestId;

	private final List<Context.Binding<?>> requestContext;

	private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Runnable onClosed;

	private final WebSocketOutbox outbox;

	/** Set when a session store this connection watched was disposed with its session. */
	private volatile boolean sessionEnded;

	WebSocketConnection(WebSocketSession session, WebSocketOutbox.Transport transport, StoreService service,
			WebSocketFrames frames, StoreWebSocketHandler.Limits limits, Runnable onClosed) {
		this.session = session;
		this.outbox = new WebSocketOutbox(transport, limits.sendTimeLimit().toNanos(), limits.sendBufferSize(),
				new WebSocketOutbox.Listener() {

					@Override
					public void idle() {
						resumeWaiting();
					}

					@Override
					public void failed(Throwable failure) {
						logger.log(Level.DEBUG, "Sending to a WebSocket client failed; closing it", failure);
						close(CloseStatus.SESSION_NOT_RELIABLE);
					}

				});
		this.service = service;
		this.frames = frames;
		this.limits = limits;
		this.onClosed = onClosed;
		Map<String, Object> attributes = session.getAttributes();
		Object sessionId = attributes.get(StoreHandshakeInterceptor.HTTP_SESSION_ID_ATTRIBUTE);
		String httpSessionId = (sessionId instanceof String id) ? id : null;
		List<Context.Binding<?>> sessionContext = StoreHandshakeInterceptor.bindings(attributes,
				StoreHandshakeInterceptor.SESSION_CONTEXT_ATTRIBUTE);
		this.requestContext = StoreHandshakeInterceptor.bindings(attributes,
				StoreHandshakeInterceptor.REQUEST_CONTEXT_ATTRIBUTE);
		this.requestId = "ws-" + UUID.randomUUID();
		StoreScopeKey scope = new StoreScopeKey(() -> this.sessionEnded ? null : httpSessionId, this.requestId,
				() -> sessionContext);
		this.caller = new StoreCaller(session.getPrincipal(), scope);
	}

	int subscriptionCount() {
		return this.subscriptions.size();
	}

	/**
	 * Handles one message from the client: exactly one reply frame (result, pong or
	 * error), unless the message is too large, which closes the connection.
	 */
	void receive(TextMessage message) {
		if (this.closed.get()) {
			return;
		}
		if (message.getPayloadLength() > this.limits.maxMessageSize()) {
			close(CloseStatus.TOO_BIG_TO_PROCESS);
			return;
		}
		JsonNode request;
		try {
			request = this.service.json().parse(message.getPayload());
		}
		catch (StoreException ex) {
			reply(this.frames.error(null, MALFORMED, ex.getMessage()));
			return;
		}
		if (!request.isObject()) {
			reply(this.frames.error(null, MALFORMED, "A message must be a JSON object"));
			return;
		}
		JsonNode id = request.get("id");
		if (id != null && id.isNull()) {
			id = null;
		}
		if (id != null && !id.isString() && !id.isNumber()) {
			reply(this.frames.error(null, StoreException.Kind.BAD_REQUEST.code(),
					"\"id\" must be a string or a number"));
			return;
		}
		JsonNode type = request.get("type");
		if (type == null || !type.isString()) {
			reply(this.frames.error(id, MALFORMED, "A message needs a string \"type\""));
			return;
		}
		try {
			reply(dispatch(type.stringValue(), request, id));
		}
		catch (StoreException ex) {
			reply(this.frames.error(id, ex.kind().code(), ex.getMessage()));
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Handling a '" + type.stringValue() + "' message failed", ex);
			reply(this.frames.error(id, INTERNAL, "The server failed to handle the message"));
		}
	}

	/** Returns the reply frame, or {@code null} if the operation already sent it. */
	private @Nullable String dispatch(String type, JsonNode request, @Nullable JsonNode id) {
		return switch (type) {
			case "subscribe" -> subscribe(request, id);
			case "unsubscribe" -> unsubscribe(request, id);
			case "set" -> set(request, id);
			case "call" -> call(request, id);
			case "ping" -> this.frames.pong(id);
			default -> this.frames.error(id, UNKNOWN_TYPE, "Unknown message type '" + type + "'");
		};
	}

	private @Nullable String subscribe(JsonNode request, @Nullable JsonNode id) {
		String store = requiredString(request, "store");
		Long lastVersion = optionalLong(request, "lastVersion");
		Subscription existing = this.subscriptions.get(store);
		if (existing == null && this.subscriptions.size() >= this.limits.maxSubscriptions()) {
			throw new StoreException(StoreException.Kind.TOO_LARGE,
					"A connection may hold at most " + this.limits.maxSubscriptions() + " subscriptions");
		}
		StoreInstance instance = inRequestContext(() -> this.service.open(store, this.caller));
		if (existing != null) {
			existing.cancel();
		}
		Subscription subscription = new Subscription(store, instance);
		this.subscriptions.put(store, subscription);
		// the acknowledgement goes out before the subscription can send anything
		reply(this.frames.result(id, null, instance.version()));
		subscription.start(lastVersion);
		if (this.closed.get()) {
			subscription.abandon();
		}
		return null;
	}

	private String unsubscribe(JsonNode request, @Nullable JsonNode id) {
		String store = requiredString(request, "store");
		Subscription subscription = this.subscriptions.remove(store);
		if (subscription != null) {
			subscription.cancel();
		}
		return this.frames.result(id, subscription != null, null);
	}

	private String set(JsonNode request, @Nullable JsonNode id) {
		String store = requiredString(request, "store");
		String signal = requiredString(request, "signal");
		JsonNode value = request.get("value");
		if (value == null) {
			throw badRequest("A \"set\" message needs a \"value\" (which may be null)");
		}
		Long ifVersion = optionalLong(request, "ifVersion");
		long version = inRequestContext(() -> this.service.set(store, signal, value, ifVersion, this.caller));
		return this.frames.result(id, null, version);
	}

	private String call(JsonNode request, @Nullable JsonNode id) {
		String store = requiredString(request, "store");
		String action = requiredString(request, "action");
		JsonNode args = request.get("args");
		Long ifVersion = optionalLong(request, "ifVersion");
		StoreInstance.Written<Object> written = inRequestContext(
				() -> this.service.call(store, action, args, ifVersion, this.caller));
		return this.frames.result(id, written.result(), written.version());
	}

	private <T> T inRequestContext(Supplier<T> body) {
		return this.requestContext.isEmpty() ? body.get() : Reactive.provide(this.requestContext, body);
	}

	private static String requiredString(JsonNode request, String field) {
		JsonNode node = request.get(field);
		if (node == null || !node.isString()) {
			throw badRequest("The message needs a string \"" + field + "\"");
		}
		return node.stringValue();
	}

	private static @Nullable Long optionalLong(JsonNode request, String field) {
		JsonNode node = request.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber() || !node.canConvertToLong()) {
			throw badRequest("\"" + field + "\" must be an integer");
		}
		return node.longValue();
	}

	private static StoreException badRequest(String message) {
		return new StoreException(StoreException.Kind.BAD_REQUEST, message);
	}

	/** Queues a frame after every frame queued before it (never blocks). */
	private void reply(@Nullable String frame) {
		if (frame != null) {
			this.outbox.send(frame);
		}
	}

	/** The outbox is idle: resumes the subscriptions it refused. */
	private void resumeWaiting() {
		for (Subscription subscription : this.subscriptions.values()) {
			subscription.resumeIfWaiting();
		}
	}

	/** Ends the connection: disposes its subscriptions and request stores, closes it. */
	void close(CloseStatus status) {
		shutdown();
		try {
			if (this.session.isOpen()) {
				this.session.close(status);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.DEBUG, "Closing a WebSocket failed", ex);
		}
	}

	/** Disposes what the connection holds; idempotent, called when it closed. */
	void shutdown() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.outbox.close();
		for (Subscription subscription : this.subscriptions.values()) {
			subscription.abandon();
		}
		this.subscriptions.clear();
		try {
			this.service.registry().endRequest(this.requestId);
		}
		finally {
			this.onClosed.run();
		}
	}

	/** One subscription: sends the frames of a store instance to this connection. */
	private final class Subscription implements StoreListener {

		private final String store;

		private final StoreInstance instance;

		private volatile boolean cancelled;

		private volatile @Nullable StoreSubscription handle;

		/** Set when it was refused a delivery because the outbox was busy. */
		private final AtomicBoolean waiting = new AtomicBoolean();

		Subscription(String store, StoreInstance instance) {
			this.store = store;
			this.instance = instance;
		}

		/** Sends are non-blocking on every servlet container's WebSocket session. */
		@Override
		public boolean nonBlocking() {
			return WebSocketConnection.this.outbox.nonBlocking();
		}

		void start(@Nullable Long lastVersion) {
			StoreSubscription subscribed = this.instance.subscribe(this, lastVersion);
			this.handle = subscribed;
			if (this.cancelled) {
				subscribed.dispose();
			}
			else {
				// the outbox may have become idle before the handle was set
				subscribed.resume();
			}
		}

		void resumeIfWaiting() {
			StoreSubscription subscribed = this.handle;
			if (subscribed != null && this.waiting.compareAndSet(true, false)) {
				subscribed.resume();
			}
		}

		/** Stops it; once this returns, it sends nothing more. */
		void cancel() {
			synchronized (this) {
				this.cancelled = true;
			}
			dispose();
		}

		/**
		 * Stops it without waiting for a send in progress (the connection is closing).
		 */
		void abandon() {
			this.cancelled = true;
			dispose();
		}

		private void dispose() {
			Disposable subscribed = this.handle;
			if (subscribed != null) {
				subscribed.dispose();
			}
		}

		/**
		 * Ready only while the outbox is idle; otherwise marked waiting first, so that
		 * the outbox becoming idle meanwhile resumes it.
		 */
		@Override
		public boolean ready() {
			this.waiting.set(true);
			if (WebSocketConnection.this.outbox.idle()) {
				this.waiting.set(false);
				return true;
			}
			return false;
		}

		@Override
		public void onSnapshot(StoreSnapshot snapshot) {
			deliver(WebSocketConnection.this.frames.snapshot(snapshot));
		}

		@Override
		public void onChanges(List<StoreChange> changes) {
			for (StoreChange change : changes) {
				deliver(WebSocketConnection.this.frames.change(change));
			}
		}

		/**
		 * Queues a frame unless cancelled (so nothing follows an unsubscribe's reply).
		 */
		private synchronized void deliver(String frame) {
			if (!this.cancelled) {
				reply(frame);
			}
		}

		/**
		 * Runs when the subscription ends without the client asking: its delivery failed
		 * (the connection is closing) or the store instance was disposed (its session
		 * ended, or the application is shutting down), which the client is told.
		 */
		@Override
		public void onClose() {
			if (this.cancelled) {
				return;
			}
			WebSocketConnection.this.subscriptions.remove(this.store, this);
			if (this.instance.isDisposed()) {
				if (this.instance.definition().scope() == StoreScope.SESSION) {
					WebSocketConnection.this.sessionEnded = true;
				}
				reply(WebSocketConnection.this.frames.unsubscribed(this.store, "The store instance was disposed"));
			}
		}

	}

}
