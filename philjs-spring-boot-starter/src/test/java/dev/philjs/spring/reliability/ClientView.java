package dev.philjs.spring.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * What one client knows of a store, built from the snapshot and change events it receives
 * (SSE {@code data} or WebSocket frames, which carry the same fields): a snapshot
 * replaces the state, a change is merged into it. Every event is checked: a change must
 * carry the version right after the previous event's, a snapshot a later version, and the
 * merged state must satisfy the invariant. Violations are collected, not thrown, so that
 * a client thread never dies silently.
 */
final class ClientView {

	private final Predicate<Map<String, JsonNode>> invariant;

	private final Map<String, JsonNode> state = new LinkedHashMap<>();

	private final List<String> violations = new ArrayList<>();

	private long version = -1;

	private int events;

	private int snapshots;

	ClientView(Predicate<Map<String, JsonNode>> invariant) {
		this.invariant = invariant;
	}

	/** Applies one snapshot or change event and checks it. */
	synchronized void apply(String type, JsonNode event) {
		long next = event.get("version").asLong();
		this.events++;
		if ("snapshot".equals(type)) {
			if (next <= this.version) {
				this.violations.add("snapshot " + next + " after version " + this.version);
			}
			this.snapshots++;
			this.state.clear();
			event.get("state").properties().forEach((entry) -> this.state.put(entry.getKey(), entry.getValue()));
		}
		else if ("change".equals(type)) {
			if (this.version < 0 || next != this.version + 1) {
				this.violations.add("change " + next + " after version " + this.version);
			}
			event.get("changes").properties().forEach((entry) -> this.state.put(entry.getKey(), entry.getValue()));
		}
		else {
			return;
		}
		this.version = next;
		if (!this.invariant.test(this.state)) {
			this.violations.add("state at version " + next + " breaks the invariant: " + this.state);
		}
	}

	synchronized long version() {
		return this.version;
	}

	synchronized Map<String, JsonNode> state() {
		return new LinkedHashMap<>(this.state);
	}

	synchronized List<String> violations() {
		return List.copyOf(this.violations);
	}

	synchronized int events() {
		return this.events;
	}

	synchronized int snapshots() {
		return this.snapshots;
	}

}
