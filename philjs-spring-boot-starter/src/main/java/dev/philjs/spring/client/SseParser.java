package dev.philjs.spring.client;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

/**
 * Parses the lines of a {@code text/event-stream} body (lines already split on CR, LF or
 * CRLF) into events, following the WHATWG rules: fields {@code event}, {@code data}
 * (several lines joined with LF), {@code id} (kept across events), {@code retry} (digits
 * only), comments ignored, an event dispatched at a blank line only if it had data, and
 * an unfinished event at the end of the stream dropped.
 *
 * <p>
 * Not thread safe: one parser per connection, fed by one thread at a time.
 */
final class SseParser {

	/** One dispatched event; {@code type} is {@code message} when no event field came. */
	record Event(String type, String data, @Nullable String lastEventId) {

	}

	private final Consumer<Event> events;

	private final LongConsumer retry;

	private boolean first = true;

	private @Nullable String lastEventId;

	private @Nullable String type;

	private @Nullable StringBuilder data;

	SseParser(Consumer<Event> events, LongConsumer retry) {
		this.events = events;
		this.retry = retry;
	}

	/**
	 * Feeds one line, without its terminator.
	 * @param line the line
	 */
	void line(String line) {
		if (this.first) {
			this.first = false;
			if (line.startsWith("\uFEFF")) {
				line = line.substring(1);
			}
		}
		if (line.isEmpty()) {
			dispatch();
			return;
		}
		if (line.charAt(0) == ':') {
			return;
		}
		int colon = line.indexOf(':');
		String field = (colon >= 0) ? line.substring(0, colon) : line;
		String value = (colon >= 0) ? line.substring(colon + 1) : "";
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "event" -> this.type = value;
			case "data" ->
				this.data = (this.data != null) ? this.data.append('\n').append(value) : new StringBuilder(value);
			case "id" -> {
				if (value.indexOf('\0') < 0) {
					this.lastEventId = value;
				}
			}
			case "retry" -> {
				if (!value.isEmpty() && value.chars().allMatch((c) -> c >= '0' && c <= '9') && value.length() < 19) {
					this.retry.accept(Long.parseLong(value));
				}
			}
			default -> {
				// unknown fields are ignored
			}
		}
	}

	private void dispatch() {
		StringBuilder body = this.data;
		String name = this.type;
		this.data = null;
		this.type = null;
		if (body == null) {
			return;
		}
		this.events
			.accept(new Event((name == null || name.isEmpty()) ? "message" : name, body.toString(), this.lastEventId));
	}

}
