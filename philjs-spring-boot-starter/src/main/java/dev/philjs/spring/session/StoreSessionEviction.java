package dev.philjs.spring.session;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.philjs.spring.store.StoreRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Evicts, on this instance, the session stores of sessions idle for longer than a timeout
 * ({@link StoreRegistry#evictIdleSessions}), checking every quarter of the timeout (at
 * least every second, at most every minute). With Spring Session an instance is not told
 * when a session expires, or when its user moves to another instance, so without this the
 * instances of such sessions would stay in memory; their persisted signals live in the
 * session and come back on the next request.
 *
 * <p>
 * Thread safety: called by the application context's lifecycle processor; the checks run
 * on one daemon thread of its own.
 *
 * @since 0.1.0
 */
public final class StoreSessionEviction implements SmartLifecycle {

	private static final System.Logger logger = System.getLogger(StoreSessionEviction.class.getName());

	private final StoreRegistry registry;

	private final Duration idle;

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * Creates the eviction.
	 * @param registry the registry whose session stores are evicted
	 * @param idle how long a session must be idle (no request, no subscriber)
	 * @throws IllegalArgumentException if {@code idle} is not positive
	 */
	public StoreSessionEviction(StoreRegistry registry, Duration idle) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
		if (idle.isNegative() || idle.isZero()) {
			throw new IllegalArgumentException("philjs.stores.session-idle-timeout must be positive, got " + idle);
		}
		this.idle = idle;
	}

	/** Starts the periodic check. */
	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "philjs-session-eviction");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.min(60_000, Math.max(1_000, this.idle.toMillis() / 4));
		scheduler.scheduleWithFixedDelay(this::evict, period, period, TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	/**
	 * Runs one check now, on the calling thread; failures are logged.
	 * @return how many sessions were evicted
	 */
	public int evict() {
		try {
			int evicted = this.registry.evictIdleSessions(this.idle);
			if (evicted > 0) {
				logger.log(Level.DEBUG, () -> "Evicted the stores of " + evicted + " idle sessions");
			}
			return evicted;
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Evicting idle session stores failed", ex);
			return 0;
		}
	}

	/** Stops the periodic check. */
	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
