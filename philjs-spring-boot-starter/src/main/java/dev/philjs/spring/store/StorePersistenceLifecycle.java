package dev.philjs.spring.store;

import java.util.Objects;

import org.springframework.context.SmartLifecycle;

/**
 * Loads the {@link Persisted} signals of application stores and creates the shared stores
 * (caught up with the other instances) when the application starts; stops replicating
 * shared stores and writes everything pending when it stops.
 *
 * <p>
 * Phase {@link #PHASE} ({@code DEFAULT_PHASE - 4096}): lifecycles stop in descending
 * phase order, so this one stops after the web server (Spring Boot's graceful shutdown
 * runs at {@code DEFAULT_PHASE - 1024} and the server stops at
 * {@code DEFAULT_PHASE - 2048}: no request can change a store after the final flush) and
 * before the Redis client (Spring Data Redis's {@code LettuceConnectionFactory} stops at
 * phase 0, so the final writes still have a connection). On start it runs before the web
 * server starts, so stores are loaded before the first request.
 *
 * <p>
 * Thread safety: called by the application context's lifecycle processor; {@code stop} is
 * final (a later {@code start} does not resume persistence).
 *
 * @since 0.1.0
 */
public final class StorePersistenceLifecycle implements SmartLifecycle {

	/** The phase: after the web server stops, before Redis does. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final StoreRegistry registry;

	private volatile boolean running;

	/**
	 * Creates the lifecycle of the persisted stores of a registry.
	 * @param registry the registry
	 */
	public StorePersistenceLifecycle(StoreRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
	}

	/**
	 * Creates and loads the application stores that have {@link Persisted} signals, then
	 * the shared stores.
	 */
	@Override
	public void start() {
		this.registry.startPersistence();
		this.registry.startSync();
		this.running = true;
	}

	/**
	 * Stops replicating shared stores, then writes every pending change, on the calling
	 * thread, and stops persisting.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.registry.stopSync();
		this.registry.stopPersistence();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
