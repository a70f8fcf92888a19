package dev.philjs.spring.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.Subscription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of one store of a remote service as local read-only signals, kept up to date
 * over the store's Server-Sent Events stream, plus action calls and signal writes over
 * its HTTP API. Created by {@link RemoteStores#connect(String)}.
 *
 * <p>
 * Events are applied in version order, each in one {@link Reactive#batch(Runnable)
 * batch}, on the executor given to {@link RemoteStores} (one event at a time, never on an
 * HTTP client thread and never under a lock of this class), so effects on these signals
 * run there too. A dropped stream is reopened with exponential backoff, sending
 * {@code Last-Event-ID} with the last applied version: the server resumes with the missed
 * changes, or sends a fresh snapshot when they are no longer buffered.
 *
 * <p>
 * Thread safe: every method may be called from any thread.
 *
 * @since 0.1.0
 */
public final class RemoteStore implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RemoteStore.class);

	private final String name;

	private final URI storeUri;

	private final JsonMapper mapper;

	private final HttpClient http;

	private final ScheduledExecutorService executor;

	private final SerialExecutor serial;

	private final long initialBackoffMillis;

	private final long maxBackoffMillis;

	private final Duration requestTimeout;

	private final Signal<JsonNode> state;

	private final Signal<Long> version;

	private final Signal<Boolean> connected;

	private final Signal<Optional<Throwable>> error;

	private final ReadSignal<JsonNode> stateView;

	private final ReadSignal<Long> versionView;

	private final ReadSignal<Boolean> connectedView;

	private final ReadSignal<Optional<Throwable>> errorView;

	private final Map<String, ReadSignal<?>> converted = new ConcurrentHashMap<>();

	private final AtomicLong connections = new AtomicLong();

	private final AtomicLong snapshots = new AtomicLong();

	private final Object lock = new Object();

	// guarded by lock
	private boolean closed;

	// guarded by lock
	private @Nullable Connection current;

	// guarded by lock
	private @Nullable ScheduledFuture<?> reconnect;

	// guarded by lock
	private int failures;

	private volatile long serverRetryMillis = -1;

	// only on the serial executor
	private boolean hasState;

	RemoteStore(String name, URI base, JsonMapper mapper, HttpClient http, ScheduledExecutorService executor,
			Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
		this.name = name;
		this.storeUri = URI.create(base + "/stores/" + PathSegment.encode(name));
		this.mapper = mapper;
		this.http = http;
		this.executor = executor;
		this.serial = new SerialExecutor(executor);
		this.initialBackoffMillis = initialBackoff.toMillis();
		this.maxBackoffMillis = maxBackoff.toMillis();
		this.requestTimeout = requestTimeout;
		Reactive.Named named = Reactive.named("remote:" + name);
		this.state = Reactive.runWithOwner(null, () -> named.signal(mapper.createObjectNode()));
		this.version = Reactive.runWithOwner(null, () -> named.signal(0L));
		this.connected = Reactive.runWithOwner(null, () -> named.signal(false));
		this.error = Reactive.runWithOwner(null, () -> named.signal(Optional.empty()));
		this.stateView = new ReadOnly<>(this.state);
		this.versionView = new ReadOnly<>(this.version);
		this.connectedView = new ReadOnly<>(this.connected);
		this.errorView = new ReadOnly<>(this.error);
	}

	/**
	 * Returns the name of the remote store.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the whole state of the remote store as a JSON object (every exposed signal
	 * and memo by name): empty until the first snapshot, then replaced by a new object on
	 * each snapshot and change. Treat the nodes as immutable.
	 * @return the read-only state signal
	 */
	public ReadSignal<JsonNode> state() {
		return this.stateView;
	}

	/**
	 * Returns a read-only memo of one remote signal converted to {@code type} with the
	 * mapper: {@code null} while the state has no such signal or its value is JSON
	 * {@code null}. A value that does not convert makes reads throw the mapper's
	 * exception until the value changes. Calls with the same name and type return the
	 * same memo.
	 * @param <T> the Java type
	 * @param name the remote signal's name
	 * @param type the Java type to convert to
	 * @return the read-only memo
	 */
	@SuppressWarnings("unchecked")
	public <T> ReadSignal<T> signal(String name, Class<T> type) {
		String key = name + '\u0000' + type.getName();
		ReadSignal<?> known = this.converted.get(key);
		if (known == null) {
			// created outside the map's lock: creating a memo takes the graph lock, which
			// an
			// effect calling this method already holds
			ReadSignal<T> memo = new ReadOnly<>(
					Reactive.runWithOwner(null, () -> Reactive.named("remote:" + this.name + "." + name)
						.memo(() -> convert(this.state.get().get(name), type))));
			known = this.converted.putIfAbsent(key, memo);
			if (known == null) {
				return memo;
			}
		}
		return (ReadSignal<T>) known;
	}

	/**
	 * Returns the version of the remote store that the local state reflects: 0 until the
	 * first snapshot.
	 * @return the read-only version signal
	 */
	public ReadSignal<Long> version() {
		return this.versionView;
	}

	/**
	 * Returns whether the event stream is open (the server answered 200); {@code false}
	 * while connecting, between reconnections and after {@link #close()}.
	 * @return the read-only connection signal
	 */
	public ReadSignal<Boolean> connected() {
		return this.connectedView;
	}

	/**
	 * Returns why the last connection failed (a {@link RemoteStoreException} for an HTTP
	 * error, an I/O exception, or an {@link IllegalStateException} for a malformed or
	 * out-of-order stream); empty again once a connection succeeds.
	 * @return the read-only error signal
	 */
	public ReadSignal<Optional<Throwable>> error() {
		return this.errorView;
	}

	/**
	 * Calls an action of the remote store without {@code If-Match}.
	 * @param action the action's name
	 * @param args the arguments: an object or map by parameter name, a list or array by
	 * position, or {@code null} for none
	 * @return the result and version, completed on the executor; failed with a
	 * {@link RemoteStoreException} on an HTTP error, or with an I/O exception
	 */
	public CompletableFuture<RemoteResult> call(String action, @Nullable Object args) {
		return call(action, args, null);
	}

	/**
	 * Calls an action of the remote store; with {@code ifVersion} it runs only if the
	 * store is still at that version (412 {@code version_conflict} otherwise).
	 * @param action the action's name
	 * @param args the arguments: an object or map by parameter name, a list or array by
	 * position, or {@code null} for none
	 * @param ifVersion the expected version, or {@code null} for none
	 * @return the result and version, completed on the executor; failed with a
	 * {@link RemoteStoreException} on an HTTP error, or with an I/O exception
	 */
	public CompletableFuture<RemoteResult> call(String action, @Nullable Object args, @Nullable Long ifVersion) {
		try {
			HttpRequest.Builder request = request("/actions/" + PathSegment.encode(action), ifVersion);
			if (args == null) {
				request.POST(HttpRequest.BodyPublishers.noBody());
			}
			else {
				request.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(this.mapper.writeValueAsString(args)));
			}
			return send(request).thenApply((body) -> {
				JsonNode json = this.mapper.readTree(body);
				JsonNode result = json.path("result");
				return new RemoteResult(result.isMissingNode() ? NullNode.getInstance() : result, versionOf(json));
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Writes a {@code @Writable} signal of the remote store; with {@code ifVersion} the
	 * write happens only if the store is still at that version (412
	 * {@code version_conflict} otherwise).
	 * @param signal the signal's name
	 * @param value the new value, converted to JSON with the mapper ({@code null} writes
	 * JSON {@code null})
	 * @param ifVersion the expected version, or {@code null} for an unconditional write
	 * @return the store's version after the write, completed on the executor; failed with
	 * a {@link RemoteStoreException} on an HTTP error, or with an I/O exception
	 */
	public CompletableFuture<Long> set(String signal, @Nullable Object value, @Nullable Long ifVersion) {
		try {
			HttpRequest.Builder request = request("/signals/" + PathSegment.encode(signal), ifVersion)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(this.mapper.writeValueAsString(value)));
			return send(request).thenApply((body) -> versionOf(this.mapper.readTree(body)));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Stops the event stream and any pending reconnection; returns without waiting.
	 * {@link #connected()} becomes {@code false} shortly after, on the executor. Calls
	 * and writes fail with {@link IllegalStateException} afterwards. Idempotent.
	 */
	@Override
	public void close() {
		Connection connection;
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			connection = this.current;
			this.current = null;
			if (this.reconnect != null) {
				this.reconnect.cancel(false);
				this.reconnect = null;
			}
		}
		if (connection != null) {
			connection.cancel();
		}
		this.serial.execute(() -> this.connected.set(false));
	}

	@Override
	public String toString() {
		return "RemoteStore[" + this.storeUri + "]";
	}

	/** Event streams opened so far (for tests). */
	long connectionCount() {
		return this.connections.get();
	}

	/** Snapshots applied so far (for tests). */
	long snapshotCount() {
		return this.snapshots.get();
	}

	/** Reconnects now if a reconnection is waiting for its backoff (for tests). */
	void reconnectNow() {
		synchronized (this.lock) {
			if (this.reconnect != null && this.reconnect.cancel(false)) {
				this.reconnect = null;
				this.serial.execute(this::connect);
			}
		}
	}

	void start() {
		this.serial.execute(this::connect);
	}

	// --- the event stream (everything below runs on the serial executor unless noted)

	private void connect() {
		Connection connection;
		synchronized (this.lock) {
			if (this.closed || this.current != null) {
				return;
			}
			this.reconnect = null;
			connection = new Connection();
			this.current = connection;
		}
		this.connections.incrementAndGet();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.storeUri + "/events"))
			.header("Accept", "text/event-stream")
			.header("Cache-Control", "no-cache")
			.timeout(this.requestTimeout)
			.GET();
		if (this.hasState) {
			request.header("Last-Event-ID", Long.toString(this.version.peek()));
		}
		CompletableFuture<HttpResponse<Void>> response = this.http.sendAsync(request.build(), connection);
		connection.response = response;
		if (connection.cancelled) {
			response.cancel(true);
		}
		response.whenComplete((ignored, ex) -> this.serial.execute(() -> ended(connection, ex)));
	}

	private boolean isCurrent(Connection connection) {
		synchronized (this.lock) {
			return this.current == connection;
		}
	}

	private void opened(Connection connection) {
		if (!isCurrent(connection)) {
			return;
		}
		synchronized (this.lock) {
			this.failures = 0;
		}
		publish(() -> {
			this.connected.set(true);
			this.error.set(Optional.empty());
		});
	}

	private void applyEvent(Connection connection, SseParser.Event event) {
		if (!isCurrent(connection)) {
			return;
		}
		try {
			switch (event.type()) {
				case "snapshot" -> applySnapshot(this.mapper.readTree(event.data()));
				case "change" -> applyChange(connection, this.mapper.readTree(event.data()));
				default -> {
					// other event types are not part of the protocol: ignored
				}
			}
		}
		catch (JacksonException | IllegalStateException ex) {
			drop(connection, (ex instanceof IllegalStateException) ? ex
					: new IllegalStateException("Malformed " + event.type() + " event from " + this.storeUri, ex));
		}
	}

	private void applySnapshot(JsonNode snapshot) {
		long next = versionOf(snapshot);
		if (!(snapshot.get("state") instanceof ObjectNode body)) {
			throw new IllegalStateException("Snapshot without a state object from " + this.storeUri);
		}
		this.hasState = true;
		this.snapshots.incrementAndGet();
		publish(() -> {
			this.state.set(body);
			this.version.set(next);
		});
	}

	private void applyChange(Connection connection, JsonNode change) {
		long next = versionOf(change);
		long known = this.version.peek();
		if (this.hasState && next <= known) {
			return;
		}
		if (!this.hasState || next != known + 1) {
			throw new IllegalStateException("Change " + next + " does not follow version " + known + " of "
					+ this.storeUri + (this.hasState ? "" : " (no snapshot yet)"));
		}
		if (!(change.get("changes") instanceof ObjectNode changes)) {
			throw new IllegalStateException("Change without a changes object from " + this.storeUri);
		}
		ObjectNode merged = this.mapper.createObjectNode();
		merged.setAll((ObjectNode) this.state.peek());
		merged.setAll(changes);
		publish(() -> {
			this.state.set(merged);
			this.version.set(next);
		});
	}

	/** Gives up the connection after a protocol error and reconnects with backoff. */
	private void drop(Connection connection, Throwable cause) {
		synchronized (this.lock) {
			if (this.current != connection) {
				return;
			}
			this.current = null;
		}
		connection.cancel();
		failed(cause);
	}

	private void ended(Connection connection, @Nullable Throwable ex) {
		synchronized (this.lock) {
			if (this.current != connection) {
				return;
			}
			this.current = null;
		}
		Throwable cause = (connection.failure != null) ? connection.failure : unwrap(ex);
		if (cause != null) {
			failed(cause);
		}
		else {
			publish(() -> this.connected.set(false));
			scheduleReconnect(false);
		}
	}

	private void failed(Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Event stream of " + this.storeUri + " failed", cause);
		}
		publish(() -> {
			this.connected.set(false);
			this.error.set(Optional.of(cause));
		});
		scheduleReconnect(true);
	}

	private void scheduleReconnect(boolean failed) {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			long base = (this.serverRetryMillis > 0) ? this.serverRetryMillis : this.initialBackoffMillis;
			long delay = backoff(base, this.maxBackoffMillis, failed ? this.failures : 0);
			if (failed) {
				this.failures++;
			}
			try {
				this.reconnect = this.executor.schedule(() -> this.serial.execute(this::connect), delay,
						TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				this.reconnect = null;
			}
		}
	}

	/**
	 * The delay before a reconnection: {@code base} doubled once per earlier failure in a
	 * row, never more than {@code max}.
	 */
	static long backoff(long base, long max, int failures) {
		int doublings = Math.min(failures, 62);
		long delay = (base > (max >> doublings)) ? max : base << doublings;
		return Math.min(delay, max);
	}

	/**
	 * Writes local signals in one batch; an effect that throws does not stop the client.
	 */
	private void publish(Runnable writes) {
		try {
			Reactive.batch(writes);
		}
		catch (RuntimeException ex) {
			logger.warn("An effect on remote store '" + this.name + "' failed", ex);
		}
	}

	// --- HTTP calls

	private HttpRequest.Builder request(String path, @Nullable Long ifVersion) {
		synchronized (this.lock) {
			if (this.closed) {
				throw new IllegalStateException(this + " is closed");
			}
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.storeUri + path))
			.timeout(this.requestTimeout)
			.header("Accept", "application/json");
		if (ifVersion != null) {
			request.header("If-Match", "\"" + ifVersion + "\"");
		}
		return request;
	}

	private CompletableFuture<String> send(HttpRequest.Builder request) {
		Executor executor = this.executor;
		return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
			.thenApplyAsync((response) -> {
				if (response.statusCode() / 100 != 2) {
					throw failure(response.statusCode(), response.body());
				}
				return response.body();
			}, executor);
	}

	private RemoteStoreException failure(int status, String body) {
		String code = null;
		String message = null;
		try {
			JsonNode json = this.mapper.readTree(body);
			if (json.path("error").isString()) {
				code = json.path("error").asString();
			}
			if (json.path("message").isString()) {
				message = json.path("message").asString();
			}
		}
		catch (JacksonException ex) {
			// not a PhilJS error body
		}
		return new RemoteStoreException(status, code, "HTTP " + status + ((code != null) ? " " + code : "") + " from "
				+ this.storeUri + ((message != null) ? ": " + message : ""));
	}

	private @Nullable <T> T convert(@Nullable JsonNode node, Class<T> type) {
		if (node == null || node.isNull()) {
			return null;
		}
		return this.mapper.treeToValue(node, type);
	}

	private static long versionOf(JsonNode json) {
		JsonNode version = json.path("version");
		if (!version.isIntegralNumber() || !version.canConvertToLong()) {
			throw new IllegalStateException("Missing or bad version in " + json);
		}
		return version.longValue();
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable ex) {
		while (ex instanceof CompletionException && ex.getCause() != null) {
			ex = ex.getCause();
		}
		return ex;
	}

	/**
	 * One attempt at the event stream: decides from the status line whether to read
	 * events or an error body, and feeds the body's lines to a parser (on an HTTP client
	 * thread: parsing only; events go to the serial executor).
	 */
	private final class Connection implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<String> {

		private final SseParser parser = new SseParser(
				(event) -> RemoteStore.this.serial.execute(() -> applyEvent(this, event)),
				(millis) -> RemoteStore.this.serverRetryMillis = millis);

		volatile @Nullable CompletableFuture<HttpResponse<Void>> response;

		volatile Flow.@Nullable Subscription subscription;

		volatile boolean cancelled;

		volatile @Nullable RemoteStoreException failure;

		@Override
		public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
			String type = info.headers().firstValue("Content-Type").orElse("");
			if (info.statusCode() == 200 && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
				RemoteStore.this.serial.execute(() -> opened(this));
				return HttpResponse.BodySubscribers.fromLineSubscriber(this, (subscriber) -> null,
						StandardCharsets.UTF_8, null);
			}
			return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
					(body) -> {
						this.failure = (info.statusCode() == 200) ? new RemoteStoreException(200, null,
								"Not an event stream (Content-Type " + type + ") from " + RemoteStore.this.storeUri)
								: failure(info.statusCode(), body);
						return null;
					});
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.cancelled) {
				subscription.cancel();
			}
			else {
				subscription.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(String line) {
			if (!this.cancelled) {
				this.parser.line(line);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			// the response future completes exceptionally: see ended(...)
		}

		@Override
		public void onComplete() {
			// the response future completes: see ended(...)
		}

		/** Closes the stream; may be called from any thread. */
		void cancel() {
			this.cancelled = true;
			Flow.Subscription current = this.subscription;
			if (current != null) {
				current.cancel();
			}
			CompletableFuture<HttpResponse<Void>> pending = this.response;
			if (pending != null) {
				pending.cancel(true);
			}
		}

	}

	/** A read-only view of a signal or memo: the writing side stays private. */
	private static final class ReadOnly<T> implements ReadSignal<T> {

		private final ReadSignal<T> source;

		ReadOnly(ReadSignal<T> source) {
			this.source = source;
		}

		@Override
		public T get() {
			return this.source.get();
		}

		@Override
		public T peek() {
			return this.source.peek();
		}

		@Override
		public Subscription subscribe(Consumer<? super T> listener) {
			return this.source.subscribe(listener);
		}

		@Override
		public Subscription subscribe(Consumer<? super T> listener, Executor executor) {
			return this.source.subscribe(listener, executor);
		}

		@Override
		public String name() {
			return this.source.name();
		}

		@Override
		public String toString() {
			return this.source.toString();
		}

	}

}
