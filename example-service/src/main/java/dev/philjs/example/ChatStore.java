package dev.philjs.example;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.core.sync.Merges;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.MergeWith;
import dev.philjs.spring.store.PhilStore;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A chat room: the last messages, pushed to every client over WebSocket or SSE, and
 * shared by every instance of the service. Two instances that post at the same moment
 * both keep both messages: the message list is merged ({@link Log}) rather than decided
 * by the last writer.
 *
 * <p>
 * Thread safety: every method may be called from any thread.
 *
 * @since 0.1.0
 */
@PhilStore(name = "chat", shared = true)
public class ChatStore extends Store {

	private static final int KEEP = 100;

	/**
	 * One message.
	 *
	 * @param id identifies it among the messages of every instance
	 * @param author who wrote it
	 * @param text what was written
	 * @param at when
	 */
	public record Message(String id, String author, String text, Instant at) {
	}

	private static final Log LOG = new Log();

	@MergeWith(Log.class)
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
		Message message = new Message(UUID.randomUUID().toString(), author.strip(), text.strip(), this.clock.instant());
		this.messages.update((list) -> LOG.append(list, message));
		return message;
	}

	/**
	 * Merges the message lists of two instances: every message of both (one per id),
	 * oldest first, the last 100. A join: the result does not depend on which list is
	 * which, and merging again changes nothing.
	 */
	public static final class Log extends Merges.Log<Message> {

		/**
		 * Creates the merge.
		 */
		public Log() {
			super(Message::id, Comparator.comparing(Message::at), KEEP);
		}

	}

}
