package dev.philjs.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a store's SSE stream for tests: a daemon thread parses {@code event:} and
 * {@code data:} lines into {@link #events}, and {@link #state} follows the snapshot and
 * change events as a client would.
 */
final class SseReader implements AutoCloseable {

	/** One event: its type and its data. */
	record Event(String type, JsonNode data) {

		JsonNode changes() {
			return this.data.get("changes");
		}

	}

	private static final JsonMapper json = JsonMapper.builder().build();

	final List<Event> events = new CopyOnWriteArrayList<>();

	private final Stream<String> lines;

	private final Thread reader;

	private volatile JsonNode state = json.createObjectNode();

	private SseReader(Stream<String> lines) {
		this.lines = lines;
		this.reader = new Thread(this::read, "sse-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static SseReader open(HttpClient client, URI uri) throws Exception {
		HttpResponse<Stream<String>> response = client.send(
				HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofLines());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("SSE stream answered " + response.statusCode());
		}
		return new SseReader(response.body());
	}

	/** The state as merged from the events so far. */
	JsonNode state() {
		return this.state;
	}

	private void read() {
		String[] type = { null };
		StringBuilder data = new StringBuilder();
		try {
			this.lines.forEach((line) -> {
				if (line.isEmpty()) {
					if (type[0] != null && !data.isEmpty()) {
						dispatch(new Event(type[0], json.readTree(data.toString())));
					}
					type[0] = null;
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					type[0] = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5));
				}
			});
		}
		catch (RuntimeException ex) {
			// the stream was closed
		}
	}

	private void dispatch(Event event) {
		if (event.type().equals("snapshot")) {
			this.state = event.data().get("state");
		}
		else if (event.type().equals("change")) {
			tools.jackson.databind.node.ObjectNode next = (tools.jackson.databind.node.ObjectNode) this.state
				.deepCopy();
			next.setAll((tools.jackson.databind.node.ObjectNode) event.changes());
			this.state = next;
		}
		this.events.add(event);
	}

	@Override
	public void close() {
		this.lines.close();
	}

}
