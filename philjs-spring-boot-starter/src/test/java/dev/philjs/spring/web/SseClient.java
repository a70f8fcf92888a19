package dev.philjs.spring.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events reader over the JDK {@link HttpClient} for tests: a daemon thread
 * parses the stream into {@link #events}, {@link #comments} and {@link #retry}, and can
 * stop reading after a given event (a stalled client) until {@link #resume()}.
 */
public final class SseClient implements AutoCloseable {

	/** One SSE event. */
	public record Event(String id, String event, String data) {

		public long version() {
			return Long.parseLong(this.id);
		}

	}

	public final List<Event> events = new CopyOnWriteArrayList<>();

	public final List<String> comments = new CopyOnWriteArrayList<>();

	public volatile String retry;

	public volatile boolean ended;

	private final HttpResponse<InputStream> response;

	private final Predicate<Event> pauseAfter;

	private final CountDownLatch resume = new CountDownLatch(1);

	private final Thread reader;

	private SseClient(HttpResponse<InputStream> response, Predicate<Event> pauseAfter) {
		this.response = response;
		this.pauseAfter = pauseAfter;
		this.reader = new Thread(this::read, "sse-test-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	public static SseClient open(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
		return open(client, uri, headers, (event) -> false);
	}

	public static SseClient open(HttpClient client, URI uri, Map<String, String> headers, Predicate<Event> pauseAfter)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
		headers.forEach(request::header);
		HttpResponse<InputStream> response = client
			.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
			.get(10, TimeUnit.SECONDS);
		return new SseClient(response, pauseAfter);
	}

	public int status() {
		return this.response.statusCode();
	}

	public HttpResponse<InputStream> response() {
		return this.response;
	}

	/** Lets a paused reader go on reading. */
	public void resume() {
		this.resume.countDown();
	}

	public Event last() {
		return this.events.get(this.events.size() - 1);
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
			String id = null;
			String event = "message";
			StringBuilder data = null;
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isEmpty()) {
					if (data != null) {
						Event received = new Event(id, event, data.toString());
						this.events.add(received);
						if (this.pauseAfter.test(received)) {
							this.resume.await(60, TimeUnit.SECONDS);
						}
					}
					event = "message";
					data = null;
					continue;
				}
				if (line.startsWith(":")) {
					this.comments.add(line.substring(1));
					continue;
				}
				int colon = line.indexOf(':');
				String field = (colon >= 0) ? line.substring(0, colon) : line;
				String value = (colon >= 0) ? line.substring(colon + 1) : "";
				if (value.startsWith(" ")) {
					value = value.substring(1);
				}
				switch (field) {
					case "id" -> id = value;
					case "event" -> event = value;
					case "retry" -> this.retry = value;
					case "data" -> data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
					default -> {
					}
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// closed by the test
		}
		finally {
			this.ended = true;
		}
	}

	@Override
	public void close() {
		this.resume.countDown();
		this.reader.interrupt();
		try {
			this.response.body().close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
