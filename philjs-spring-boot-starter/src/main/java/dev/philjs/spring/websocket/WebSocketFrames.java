package dev.philjs.spring.websocket;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.philjs.spring.json.StoreJson;
import dev.philjs.spring.store.StoreChange;
import dev.philjs.spring.store.StoreSnapshot;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Encodes the frames the server sends. Snapshots and changes reuse the text of
 * {@link StoreJson} (a change is encoded once and shared by every client and transport)
 * and only prepend the {@code type} field, so the state is never serialised twice.
 *
 * <p>
 * Thread safety: immutable.
 */
final class WebSocketFrames {

	private final StoreJson json;

	WebSocketFrames(StoreJson json) {
		this.json = json;
	}

	String snapshot(StoreSnapshot snapshot) {
		return typed("snapshot", this.json.snapshot(snapshot));
	}

	/** The frame of a change, built once per change and shared by every connection. */
	String change(StoreChange change) {
		return change.framedText(this::frameChange);
	}

	private String frameChange(StoreChange change) {
		return typed("change", this.json.change(change));
	}

	String result(@Nullable JsonNode id, @Nullable Object result, @Nullable Long version) {
		Map<String, @Nullable Object> frame = new LinkedHashMap<>();
		frame.put("type", "result");
		frame.put("id", id);
		frame.put("result", result);
		frame.put("version", version);
		return this.json.write(frame);
	}

	String error(@Nullable JsonNode id, String code, @Nullable String message) {
		Map<String, @Nullable Object> frame = new LinkedHashMap<>();
		frame.put("type", "error");
		frame.put("id", id);
		frame.put("error", code);
		frame.put("message", message);
		return this.json.write(frame);
	}

	String pong(@Nullable JsonNode id) {
		Map<String, @Nullable Object> frame = new LinkedHashMap<>();
		frame.put("type", "pong");
		frame.put("id", id);
		return this.json.write(frame);
	}

	String unsubscribed(String store, String reason) {
		Map<String, @Nullable Object> frame = new LinkedHashMap<>();
		frame.put("type", "unsubscribed");
		frame.put("store", store);
		frame.put("reason", reason);
		return this.json.write(frame);
	}

	/**
	 * Prepends {@code "type"} to a JSON object's text: {@code {"store":..}} becomes
	 * {@code {"type":"change","store":..}}.
	 */
	static String typed(String type, String object) {
		if (object.length() < 2 || object.charAt(0) != '{') {
			throw new IllegalArgumentException("Not a JSON object: " + object);
		}
		String head = "{\"type\":\"" + type + "\"";
		String rest = object.substring(1).stripLeading();
		return rest.startsWith("}") ? head + rest : head + "," + rest;
	}

}
