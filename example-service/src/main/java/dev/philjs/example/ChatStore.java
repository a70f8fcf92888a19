package dev.philjs.example;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.core.sync.Merges;
import dev.philjs.core.sync.Tally;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.Hidden;
import dev.philjs.spring.store.MergeWith;
import dev.philjs.spring.store.PhilStore;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A chat room: the last messages, pushed to every client over WebSocket or SSE, and
 * shared by every instance of the service. Two instances that post at the same moment
 * both keep both messages: the message list is merged ({@link Log}) rather than decided
 * by the last writer, and so is the count of messages sent ({@link Merges.Counter}: each
 * instance counts in its own entry).
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

	/** This store instance's own entry in the count of messages sent. */
	private final Merges.Counter sentCounter = new Merges.Counter();

	/**
	 * How many messages were sent through each instance: kept out of the clients' state,
	 * which has the total ({@link #sent}).
	 */
	@Hidden
	@MergeWith(Merges.Counter.class)
	final Signal<Tally> sentTally = signal("sentTally", Tally.ZERO);

	/**
	 * How many messages were ever sent, on every instance (the log keeps the last 100).
	 */
	final Memo<Long> sent = memo("sent", () -> this.sentTally.get().total());

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
		Reactive.batch(() -> {
			this.messages.update((list) -> LOG.append(list, message));
			this.sentTally.update((tally) -> this.sentCounter.add(tally, 1));
		});
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
