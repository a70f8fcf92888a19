package dev.philjs.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A WebSocket client of the store protocol for tests (JDK {@link WebSocket}): requests
 * get ids and their replies complete futures; snapshot and change frames are merged into
 * one state per store.
 */
final class StoreSocket implements WebSocket.Listener, AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	final List<JsonNode> frames = new CopyOnWriteArrayList<>();

	private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

	private final Map<String, JsonNode> states = new ConcurrentHashMap<>();

	private final AtomicInteger nextId = new AtomicInteger();

	private final StringBuilder partial = new StringBuilder();

	private WebSocket socket;

	static StoreSocket connect(HttpClient client, URI uri) throws Exception {
		StoreSocket listener = new StoreSocket();
		listener.socket = client.newWebSocketBuilder().buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
		return listener;
	}

	/** Sends a request and waits for its reply ({@code result} or {@code error}). */
	JsonNode request(Map<String, Object> message) throws Exception {
		int id = this.nextId.incrementAndGet();
		CompletableFuture<JsonNode> reply = new CompletableFuture<>();
		this.replies.put(id, reply);
		ObjectNode frame = json.valueToTree(message);
		frame.put("id", id);
		this.socket.sendText(json.writeValueAsString(frame), true).get(10, TimeUnit.SECONDS);
		return reply.get(10, TimeUnit.SECONDS);
	}

	JsonNode call(String store, String action, Object args) throws Exception {
		Map<String, Object> message = new HashMap<>(Map.of("type", "call", "store", store, "action", action));
		message.put("args", args);
		return request(message);
	}

	JsonNode subscribe(String store) throws Exception {
		return request(Map.of("type", "subscribe", "store", store));
	}

	/**
	 * The state of a subscribed store as merged from its frames so far (empty before).
	 */
	JsonNode state(String store) {
		return this.states.getOrDefault(store, json.createObjectNode());
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			receive(json.readTree(this.partial.toString()));
			this.partial.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	private void receive(JsonNode frame) {
		this.frames.add(frame);
		String type = frame.get("type").asString();
		if (type.equals("snapshot")) {
			this.states.put(frame.get("store").asString(), frame.get("state"));
		}
		else if (type.equals("change")) {
			this.states.compute(frame.get("store").asString(), (store, state) -> {
				ObjectNode next = (state != null) ? (ObjectNode) state.deepCopy() : json.createObjectNode();
				next.setAll((ObjectNode) frame.get("changes"));
				return next;
			});
		}
		else if (frame.hasNonNull("id")) {
			CompletableFuture<JsonNode> reply = this.replies.remove(frame.get("id").asInt());
			if (reply != null) {
				reply.complete(frame);
			}
		}
	}

	@Override
	public void close() {
		this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
	}

}
