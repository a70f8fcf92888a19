package dev.philjs.spring.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (the JDK's) that records every message it receives as JSON.
 */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	public final List<JsonNode> messages = new CopyOnWriteArrayList<>();

	public final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private final int readLimit;

	private int read;

	private volatile WebSocket socket;

	private TestSocket(int readLimit) {
		this.readLimit = readLimit;
	}

	/**
	 * Opens a connection.
	 * @param uri the endpoint
	 * @param headers header names and values, alternating
	 * @return the client
	 */
	public static TestSocket open(URI uri, String... headers) throws Exception {
		return open(uri, Integer.MAX_VALUE, headers);
	}

	/**
	 * Opens a connection that stops reading after {@code readLimit} messages (a slow
	 * client: the server's sends then block once the network buffers are full).
	 */
	public static TestSocket open(URI uri, int readLimit, String... headers) throws Exception {
		TestSocket listener = new TestSocket(readLimit);
		WebSocket.Builder builder = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		builder.buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
		return listener;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		this.socket = webSocket;
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			this.messages.add(mapper.readTree(this.partial.toString()));
			this.partial.setLength(0);
			this.read++;
		}
		if (!last || this.read < this.readLimit) {
			webSocket.request(1);
		}
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.completeExceptionally(error);
	}

	/** Sends one text message. */
	public void send(String text) {
		this.socket.sendText(text, true).join();
	}

	/** Sends one binary message. */
	public void sendBinary(byte[] data) {
		this.socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
	}

	/** Sends a request and waits for the reply carrying its id. */
	public JsonNode request(String id, String json) {
		send(json);
		return awaitReply(id);
	}

	/** Waits for the result, error or pong carrying {@code id}. */
	public JsonNode awaitReply(String id) {
		return await((message) -> message.has("id") && id.equals(message.get("id").asString()));
	}

	/** Waits for the first message matching {@code condition}. */
	public JsonNode await(Predicate<JsonNode> condition) {
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> find(condition) != null);
		return find(condition);
	}

	public JsonNode find(Predicate<JsonNode> condition) {
		for (JsonNode message : this.messages) {
			if (condition.test(message)) {
				return message;
			}
		}
		return null;
	}

	public List<JsonNode> all(Predicate<JsonNode> condition) {
		return this.messages.stream().filter(condition).toList();
	}

	/** The status the server closed the connection with, waiting for it. */
	public int awaitCloseStatus() throws Exception {
		return this.closed.get(20, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		WebSocket webSocket = this.socket;
		if (webSocket == null) {
			return;
		}
		try {
			if (!webSocket.isOutputClosed()) {
				webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			// the connection is gone already
		}
		finally {
			webSocket.abort();
		}
	}

	/** Cuts the connection off without a close frame, as a network failure would. */
	public void abort() {
		WebSocket webSocket = this.socket;
		if (webSocket != null) {
			webSocket.abort();
		}
	}

	public static Predicate<JsonNode> type(String type) {
		return (message) -> type.equals(message.path("type").asString());
	}

	public static Predicate<JsonNode> frame(String type, String store) {
		return (message) -> type.equals(message.path("type").asString())
				&& store.equals(message.path("store").asString());
	}

}
