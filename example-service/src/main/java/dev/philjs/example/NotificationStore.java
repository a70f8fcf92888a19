package dev.philjs.example;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Notifications for everyone, pushed to the page over SSE; each one expires after
 * {@code example.notifications.ttl}. Clients and the service itself push them (orders
 * that move, prices the warehouse refused, a stock load that failed).
 *
 * <p>
 * Thread safety: every method may be called from any thread; expiry runs on the store's
 * own scheduler thread.
 *
 * @since 0.1.0
 */
@PhilStore(name = "notifications", shared = true)
public class NotificationStore extends Store {

	private static final int KEEP = 50;

	/** How important a notification is. */
	public enum Level {

		/** Something happened. */
		INFO,

		/** Something needs attention. */
		WARNING,

		/** Something failed. */
		ERROR

	}

	/**
	 * One notification.
	 *
	 * @param id its id
	 * @param level how important it is
	 * @param text what it says
	 * @param from who pushed it ({@code "server"} for the service itself)
	 * @param at when
	 */
	public record Notification(String id, Level level, String text, String from, Instant at) {
	}

	final Signal<List<Notification>> items = signal("items", List.of());

	final Memo<Integer> count = memo("count", () -> this.items.get().size());

	private final Duration ttl;

	private final Clock clock = Clock.systemUTC();

	private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "notification-expiry");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates the store.
	 * @param properties the settings (the time to live)
	 */
	public NotificationStore(ExampleProperties properties) {
		this.ttl = properties.getNotifications().getTtl();
	}

	/**
	 * Pushes a notification from the caller (the signed-in user's name, or
	 * {@code "guest"}); it expires after the time to live.
	 * @param level how important it is
	 * @param text what it says
	 * @return the notification
	 */
	@Action
	public Notification push(@NotNull Level level, @NotBlank @Size(max = 200) String text) {
		return add(level, text.strip(), Reactive.useContext(CurrentUser.NAME));
	}

	/**
	 * Pushes a notification from the service itself.
	 * @param level how important it is
	 * @param text what it says
	 * @return the notification
	 */
	public Notification notify(Level level, String text) {
		return add(level, text, "server");
	}

	/**
	 * Removes a notification before it expires.
	 * @param id its id
	 * @return whether it was there
	 */
	@Action
	public boolean dismiss(String id) {
		boolean[] removed = { false };
		this.items.update((list) -> {
			List<Notification> next = list.stream().filter((n) -> !n.id().equals(id)).toList();
			removed[0] = next.size() != list.size();
			return next;
		});
		return removed[0];
	}

	private Notification add(Level level, String text, String from) {
		Notification notification = new Notification(UUID.randomUUID().toString(), level, text, from,
				this.clock.instant());
		this.items.update((list) -> {
			List<Notification> next = new ArrayList<>(list);
			next.add(notification);
			if (next.size() > KEEP) {
				next.subList(0, next.size() - KEEP).clear();
			}
			return List.copyOf(next);
		});
		if (!this.expiry.isShutdown()) {
			this.expiry.schedule(() -> dismiss(notification.id()), this.ttl.toMillis(), TimeUnit.MILLISECONDS);
		}
		return notification;
	}

	/**
	 * Stops expiring notifications and disposes the store.
	 */
	@Override
	public void dispose() {
		this.expiry.shutdownNow();
		super.dispose();
	}

}
