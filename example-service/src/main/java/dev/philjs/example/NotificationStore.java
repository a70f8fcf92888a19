package dev.philjs.example;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.core.sync.Merges;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.Hidden;
import dev.philjs.spring.store.MergeWith;
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
 * The store is shared by every instance, and notifications pushed or dismissed at the
 * same moment through two instances all take effect: the instances replicate revisioned
 * entries merged by {@link Entries} (the latest revision of each notification wins, a
 * dismissed one stays as a tombstone, and only the last 50 entries are kept, tombstones
 * included), and clients see the live ones ({@link #items}). Every instance expires what
 * is older than the time to live, also what another instance pushed.
 *
 * <p>
 * Thread safety: every method may be called from any thread; expiry runs on the store's
 * own scheduler thread.
 *
 * @since 0.1.0
 */
@PhilStore(name = "notifications", shared = true)
public class NotificationStore extends Store {

	private static final System.Logger logger = System.getLogger(NotificationStore.class.getName());

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

	/**
	 * One revision of a notification, as the instances replicate it.
	 *
	 * @param notification the notification
	 * @param dismissed whether it was dismissed or expired (a tombstone)
	 * @param revision 1 when pushed, 2 when dismissed
	 */
	public record Entry(Notification notification, boolean dismissed, int revision) {

		String id() {
			return this.notification.id();
		}

		Instant at() {
			return this.notification.at();
		}

		Entry dismiss() {
			return new Entry(this.notification, true, this.revision + 1);
		}

	}

	/**
	 * Merges the entries of two instances: the latest revision of each notification, in
	 * the order they were pushed, the last 50.
	 */
	public static final class Entries extends Merges.Latest<Entry> {

		/**
		 * Creates the merge.
		 */
		public Entries() {
			super(Entry::id, Comparator.comparingInt(Entry::revision), Comparator.comparing(Entry::at), KEEP);
		}

	}

	private static final Entries ENTRIES = new Entries();

	@Hidden
	@MergeWith(Entries.class)
	final Signal<List<Entry>> entries = signal("entries", List.of());

	final Memo<List<Notification>> items = memo("items",
			() -> this.entries.get().stream().filter((e) -> !e.dismissed()).map(Entry::notification).toList());

	final Memo<Integer> count = memo("count", () -> this.items.get().size());

	private final Duration ttl;

	private final Clock clock = Clock.systemUTC();

	private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "notification-expiry");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates the store and starts expiring notifications: every tenth of the time to
	 * live (between 100 ms and 5 s), those older than it are dismissed.
	 * @param properties the settings (the time to live)
	 */
	public NotificationStore(ExampleProperties properties) {
		this.ttl = properties.getNotifications().getTtl();
		long period = Math.max(100, Math.min(5_000, this.ttl.toMillis() / 10));
		this.expiry.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
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
		return dismissWhere((e) -> e.id().equals(id));
	}

	private Notification add(Level level, String text, String from) {
		Notification notification = new Notification(UUID.randomUUID().toString(), level, text, from,
				this.clock.instant());
		this.entries.update((list) -> ENTRIES.put(list, new Entry(notification, false, 1)));
		return notification;
	}

	/**
	 * Dismisses the notifications older than the time to live; a failure is logged, and
	 * the next round tries again.
	 */
	private void expire() {
		try {
			Instant cutoff = this.clock.instant().minus(this.ttl);
			dismissWhere((e) -> !e.at().isAfter(cutoff));
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not expire notifications", ex);
		}
	}

	/**
	 * Replaces the live entries that match with their tombstones, atomically.
	 * @return whether any matched
	 */
	private boolean dismissWhere(Predicate<Entry> which) {
		boolean[] dismissed = { false };
		this.entries.update((list) -> {
			List<Entry> result = list;
			for (Entry e : list) {
				if (!e.dismissed() && which.test(e)) {
					result = ENTRIES.put(result, e.dismiss());
					dismissed[0] = true;
				}
			}
			return result;
		});
		return dismissed[0];
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
