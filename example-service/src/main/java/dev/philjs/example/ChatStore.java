package dev.philjs.example;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A chat room: the last messages, pushed to every client over WebSocket or SSE.
 *
 * @since 0.1.0
 */
@PhilStore(name = "chat", shared = true)
public class ChatStore extends Store {

	private static final int KEEP = 100;

	/**
	 * One message.
	 *
	 * @param author who wrote it
	 * @param text what was written
	 * @param at when
	 */
	public record Message(String author, String text, Instant at) {
	}

	final Signal<List<Message>> messages = signal("messages", List.of());

	private final Clock clock;

	/**
	 * Creates the chat with the system clock.
	 */
	public ChatStore() {
		this.clock = Clock.systemUTC();
	}

	/**
	 * Posts a message; only the last 100 are kept.
	 * @param author who writes
	 * @param text what is written
	 * @return the message
	 */
	@Action
	public Message send(@NotBlank @Size(max = 40) String author, @NotBlank @Size(max = 500) String text) {
		Message message = new Message(author.strip(), text.strip(), this.clock.instant());
		this.messages.update((list) -> {
			List<Message> next = new ArrayList<>(list);
			next.add(message);
			if (next.size() > KEEP) {
				next.subList(0, next.size() - KEEP).clear();
			}
			return List.copyOf(next);
		});
		return message;
	}

}
