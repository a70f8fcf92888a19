package dev.philjs.spring.store;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.philjs.core.Context;
import dev.philjs.core.Disposable;
import dev.philjs.core.Reactive;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * All the stores of the application, and their live instances: one per application store,
 * one per HTTP session for session stores (created on first use, disposed with the
 * session), one per request for request stores.
 *
 * <p>
 * Each session gets a root owner, created under the session's context bindings, and its
 * store instances are created inside it: effects in session stores see the session's
 * context and are disposed with it.
 *
 * <p>
 * Thread safety: every public method may be called from any thread.
 *
 * @since 0.1.0
 */
public class StoreRegistry implements DisposableBean {

	private static final System.Logger logger = System.getLogger(StoreRegistry.class.getName());

	private final ConfigurableListableBeanFactory beanFactory;

	private final Executor executor;

	private final int bufferSize;

	private final Map<String, StoreDefinition> definitions;

	private final Map<String, StoreInstance> applicationInstances = new ConcurrentHashMap<>();

	private final Map<String, ScopeInstances> sessions = new ConcurrentHashMap<>();

	private final Map<String, ScopeInstances> requests = new ConcurrentHashMap<>();

	/**
	 * Recently ended sessions and requests, so that a late caller holding an old id (a
	 * long-lived WebSocket, say) cannot bring their stores back to life. Bounded: the
	 * oldest ids are forgotten first.
	 */
	private final Map<String, Boolean> ended = Collections.synchronizedMap(new LinkedHashMap<>() {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > ENDED_IDS_KEPT;
		}

	});

	private static final int ENDED_IDS_KEPT = 10_000;

	private volatile boolean destroyed;

	private final Map<String, List<PersistedSignal>> persisted;

	private final @Nullable StorePersistence persistence;

	private final @Nullable StoreSync sync;

	/**
	 * Creates the registry from the {@link PhilStore} beans of a bean factory, without
	 * persistence: startup fails if a store has {@link Persisted} signals.
	 * @param beanFactory the bean factory
	 * @param executor runs deliveries to subscribers
	 * @param bufferSize how many changes each instance keeps for subscribers that fell
	 * behind
	 * @throws IllegalStateException if a store declaration is invalid
	 */
	public StoreRegistry(ConfigurableListableBeanFactory beanFactory, Executor executor, int bufferSize) {
		this(beanFactory, executor, bufferSize, () -> null);
	}

	/**
	 * Creates the registry from the {@link PhilStore} beans of a bean factory.
	 * @param beanFactory the bean factory
	 * @param executor runs deliveries to subscribers
	 * @param bufferSize how many changes each instance keeps for subscribers that fell
	 * behind
	 * @param persistence gives the persistence of {@link Persisted} signals, or
	 * {@code null} when there is no storage; called once, only if a store has such
	 * signals
	 * @throws IllegalStateException if a store declaration is invalid, or a store has
	 * {@link Persisted} signals and {@code persistence} gives {@code null}
	 */
	public StoreRegistry(ConfigurableListableBeanFactory beanFactory, Executor executor, int bufferSize,
			Supplier<@Nullable StorePersistence> persistence) {
		this(beanFactory, executor, bufferSize, persistence, () -> null);
	}

	/**
	 * Creates the registry from the {@link PhilStore} beans of a bean factory.
	 * @param beanFactory the bean factory
	 * @param executor runs deliveries to subscribers
	 * @param bufferSize how many changes each instance keeps for subscribers that fell
	 * behind
	 * @param persistence gives the persistence of {@link Persisted} signals, or
	 * {@code null} when there is no storage; called once, only if a store has such
	 * signals
	 * @param sync gives the replication of shared stores between instances, or
	 * {@code null} when there is no channel (shared stores then stay local); called once,
	 * only if a store is shared
	 * @throws IllegalStateException if a store declaration is invalid, or a store has
	 * {@link Persisted} signals and {@code persistence} gives {@code null}
	 */
	public StoreRegistry(ConfigurableListableBeanFactory beanFactory, Executor executor, int bufferSize,
			Supplier<@Nullable StorePersistence> persistence, Supplier<@Nullable StoreSync> sync) {
		this.beanFactory = beanFactory;
		this.executor = executor;
		this.bufferSize = bufferSize;
		Map<String, StoreDefinition> found = new LinkedHashMap<>();
		for (String beanName : beanFactory.getBeanNamesForAnnotation(PhilStore.class)) {
			Class<?> type = beanFactory.getType(beanName, false);
			if (type == null) {
				continue;
			}
			StoreDefinition definition = StoreIntrospector.describe(ClassUtils.getUserClass(type), beanName);
			StoreDefinition clash = found.put(definition.name(), definition);
			if (clash != null) {
				throw new IllegalStateException("Two stores are named '" + definition.name() + "': beans '"
						+ clash.beanName() + "' and '" + beanName + "'");
			}
		}
		this.definitions = Collections.unmodifiableMap(found);
		Map<String, List<PersistedSignal>> persisted = new LinkedHashMap<>();
		for (StoreDefinition definition : found.values()) {
			List<PersistedSignal> signals = PersistedSignal.find(definition.name(), definition.type(),
					definition.scope());
			if (!signals.isEmpty()) {
				persisted.put(definition.name(), signals);
			}
		}
		this.persisted = Collections.unmodifiableMap(persisted);
		if (persisted.isEmpty()) {
			this.persistence = null;
		}
		else {
			this.persistence = persistence.get();
			if (this.persistence == null) {
				Map.Entry<String, List<PersistedSignal>> first = persisted.entrySet().iterator().next();
				throw new IllegalStateException("Store '" + first.getKey() + "' has @Persisted signals "
						+ first.getValue().stream().map(PersistedSignal::name).toList()
						+ " but there is no StateStorage bean: keep PhilJsPersistenceAutoConfiguration "
						+ "(philjs.persistence.type=memory|file|redis) or declare a StateStorage bean");
			}
			for (String store : this.persistence.storesWithOwnDebounce()) {
				if (!persisted.containsKey(store)) {
					throw new IllegalStateException("philjs.persistence.stores." + store
							+ " configures a store that has no @Persisted signals; stores with some: "
							+ persisted.keySet());
				}
			}
			if (this.persistence.sessions() == null) {
				for (Map.Entry<String, List<PersistedSignal>> entry : persisted.entrySet()) {
					if (found.get(entry.getKey()).scope() == StoreScope.SESSION) {
						throw new IllegalStateException("Session store '" + entry.getKey() + "' has @Persisted signals "
								+ entry.getValue().stream().map(PersistedSignal::name).toList()
								+ ", which are kept in the HTTP session: that needs Spring Session (a SessionRepository "
								+ "bean, for example from spring-boot-starter-session-data-redis)");
					}
				}
			}
		}
		List<String> shared = found.values()
			.stream()
			.filter(StoreDefinition::shared)
			.map(StoreDefinition::name)
			.toList();
		this.sync = shared.isEmpty() ? null : sync.get();
		if (!shared.isEmpty() && this.sync == null) {
			logger.log(Level.INFO, "Shared stores " + shared + " stay in this instance: no sync channel "
					+ "(set philjs.sync.type=redis, or declare a dev.philjs.core.sync.Channel bean)");
		}
	}

	/**
	 * Creates, now, the instances of the application stores that have {@link Persisted}
	 * signals, so that they are loaded from the storage before the application serves
	 * requests. Called by {@link StorePersistenceLifecycle#start()}; does blocking I/O.
	 */
	public void startPersistence() {
		for (String name : this.persisted.keySet()) {
			if (!this.destroyed && this.definitions.get(name).scope() == StoreScope.APPLICATION) {
				instance(name, StoreScopeKey.NONE);
			}
		}
	}

	/**
	 * Creates, now, the instances of the shared application stores, so that they have
	 * caught up with the other instances before the application serves requests. Called
	 * by {@link StorePersistenceLifecycle#start()}; does blocking I/O. Does nothing
	 * without a sync channel.
	 */
	public void startSync() {
		if (this.sync == null) {
			return;
		}
		for (StoreDefinition definition : this.definitions.values()) {
			if (definition.shared() && !this.destroyed) {
				instance(definition.name(), StoreScopeKey.NONE);
			}
		}
	}

	/**
	 * Stops replicating shared stores: later local changes stay in this instance. Called
	 * by {@link StorePersistenceLifecycle#stop()} and on {@link #destroy()}.
	 */
	public void stopSync() {
		StoreSync sync = this.sync;
		if (sync != null) {
			sync.close();
		}
	}

	/**
	 * Returns the replication of shared stores, or {@code null} if no store is shared or
	 * there is no channel.
	 * @return the sync
	 */
	public @Nullable StoreSync sync() {
		return this.sync;
	}

	/**
	 * Writes every pending change of {@link Persisted} signals and stops persisting them;
	 * later changes stay in memory. Called by {@link StorePersistenceLifecycle#stop()}
	 * and on {@link #destroy()}; does blocking I/O; failures are logged.
	 */
	public void stopPersistence() {
		StorePersistence persistence = this.persistence;
		if (persistence != null) {
			persistence.close();
		}
	}

	/**
	 * Returns how many {@link Persisted} signals have a change that is not stored yet
	 * (debouncing, waiting for a retry, or in flight). Never blocks on I/O.
	 * @return the count
	 */
	public int pendingWrites() {
		StorePersistence persistence = this.persistence;
		return (persistence != null) ? persistence.pendingWrites() : 0;
	}

	/**
	 * Returns the persistence of {@link Persisted} signals, or {@code null} if no store
	 * has any.
	 * @return the persistence
	 */
	public @Nullable StorePersistence persistence() {
		return this.persistence;
	}

	/**
	 * Returns every store definition, by name.
	 * @return the definitions
	 */
	public Map<String, StoreDefinition> definitions() {
		return this.definitions;
	}

	/**
	 * Finds a store definition.
	 * @param name the store name
	 * @return the definition
	 * @throws StoreException {@code UNKNOWN_STORE} if there is none
	 */
	public StoreDefinition definition(String name) {
		StoreDefinition definition = this.definitions.get(name);
		if (definition == null) {
			throw new StoreException(StoreException.Kind.UNKNOWN_STORE, "No store named '" + name + "'");
		}
		return definition;
	}

	/**
	 * Returns the live instance of a store for a scope, creating it on first use.
	 * @param name the store name
	 * @param scope the session and request of the caller
	 * @return the instance
	 * @throws StoreException {@code UNKNOWN_STORE}, or {@code BAD_REQUEST} if the store
	 * needs a session or request the caller does not have
	 */
	public StoreInstance instance(String name, StoreScopeKey scope) {
		StoreDefinition definition = definition(name);
		if (this.destroyed) {
			throw new IllegalStateException("The store registry is shut down");
		}
		return switch (definition.scope()) {
			case APPLICATION -> this.applicationInstances.computeIfAbsent(name, (n) -> create(definition, null, null));
			case SESSION ->
				scopedInstance(this.sessions, scope.sessionId(), "session", scope.sessionContext(), definition);
			case REQUEST -> scopedInstance(this.requests, scope.requestId(), "request", List::of, definition);
		};
	}

	private StoreInstance scopedInstance(Map<String, ScopeInstances> scopes, @Nullable String id, String kind,
			Supplier<List<Context.Binding<?>>> context, StoreDefinition definition) {
		while (true) {
			StoreInstance instance = scopeInstances(scopes, id, kind, context).get(definition, this);
			if (instance != null) {
				return instance;
			}
			// evicted meanwhile: the next round creates the scope again
		}
	}

	/**
	 * Disposes, on this instance only, the session stores of the sessions that have had
	 * no request and no subscriber for {@code idle}. The sessions are not ended: their
	 * stores are created again on the next request, and their {@link Persisted} signals
	 * come back from the session. Used with Spring Session, where this instance is not
	 * told when a session expires (or moves to another instance); does blocking I/O (the
	 * last writes of the evicted stores).
	 * @param idle how long a session must have been idle
	 * @return how many sessions were evicted
	 */
	public int evictIdleSessions(Duration idle) {
		long now = System.nanoTime();
		int evicted = 0;
		for (Map.Entry<String, ScopeInstances> entry : this.sessions.entrySet()) {
			ScopeInstances scope = entry.getValue();
			if (scope.markEvictedIfIdle(now, idle.toNanos())) {
				this.sessions.remove(entry.getKey(), scope);
				scope.dispose();
				evicted++;
			}
		}
		return evicted;
	}

	/**
	 * Returns the instance if it exists, without creating it.
	 * @param name the store name
	 * @param scope the scope
	 * @return the instance, or {@code null}
	 */
	public @Nullable StoreInstance existingInstance(String name, StoreScopeKey scope) {
		StoreDefinition definition = definition(name);
		return switch (definition.scope()) {
			case APPLICATION -> this.applicationInstances.get(name);
			case SESSION -> existing(this.sessions, scope.sessionId(), name);
			case REQUEST -> existing(this.requests, scope.requestId(), name);
		};
	}

	private static @Nullable StoreInstance existing(Map<String, ScopeInstances> scopes, @Nullable String id,
			String name) {
		ScopeInstances instances = (id != null) ? scopes.get(id) : null;
		return (instances != null) ? instances.instances.get(name) : null;
	}

	private ScopeInstances scopeInstances(Map<String, ScopeInstances> scopes, @Nullable String id, String kind,
			Supplier<List<Context.Binding<?>>> context) {
		if (id == null) {
			throw new StoreException(StoreException.Kind.BAD_REQUEST,
					"This store lives in a " + kind + ", and the request has none");
		}
		if (this.ended.containsKey(kind + ":" + id)) {
			throw new StoreException(StoreException.Kind.BAD_REQUEST, "The " + kind + " has ended");
		}
		return scopes.computeIfAbsent(id, (key) -> new ScopeInstances(kind, key, context.get()));
	}

	StoreInstance create(StoreDefinition definition, @Nullable ScopeInstances scope, @Nullable String scopeId) {
		Object target = (scope != null)
				? Reactive.runWithOwner(scope.owner,
						() -> Reactive.provide(scope.context, () -> this.beanFactory.getBean(definition.beanName())))
				: this.beanFactory.getBean(definition.beanName());
		Runnable onDispose = (scope != null) ? () -> this.beanFactory.destroyBean(target) : null;
		List<PersistedSignal> persisted = this.persisted.get(definition.name());
		StorePersistence persistence = this.persistence;
		if (persisted != null && persistence != null) {
			if (scope == null) {
				persistence.attach(definition.name(), target, persisted, this.executor);
			}
			else {
				StoreSessionStorage sessions = Objects.requireNonNull(persistence.sessions());
				Runnable detach = persistence.attach(definition.name(), target, persisted, this.executor,
						sessions.forSession(scope.id));
				Runnable destroy = onDispose;
				// the last changes go to the session before the store object is destroyed
				onDispose = () -> {
					try {
						detach.run();
					}
					finally {
						destroy.run();
					}
				};
			}
		}
		if (scope == null && definition.shared() && this.sync != null) {
			this.sync.attach(definition.name(), definition.type(), target, this.executor);
		}
		return new StoreInstance(definition, target, scopeId, this.executor, this.bufferSize, onDispose);
	}

	/**
	 * Disposes the session stores of a session (when it ends or is invalidated).
	 * @param sessionId the session id
	 */
	public void endSession(String sessionId) {
		this.ended.put("session:" + sessionId, Boolean.TRUE);
		ScopeInstances instances = this.sessions.remove(sessionId);
		if (instances != null) {
			instances.dispose();
		}
	}

	/**
	 * Disposes the request stores of a request (when it completes).
	 * @param requestId the request id
	 */
	public void endRequest(String requestId) {
		this.ended.put("request:" + requestId, Boolean.TRUE);
		ScopeInstances instances = this.requests.remove(requestId);
		if (instances != null) {
			instances.dispose();
		}
	}

	/**
	 * Returns every live store instance (for monitoring).
	 * @return the instances
	 */
	public List<StoreInstance> liveInstances() {
		List<StoreInstance> all = new ArrayList<>(this.applicationInstances.values());
		for (ScopeInstances scope : this.sessions.values()) {
			all.addAll(scope.instances.values());
		}
		for (ScopeInstances scope : this.requests.values()) {
			all.addAll(scope.instances.values());
		}
		return all;
	}

	/**
	 * Returns the number of sessions that have live session stores.
	 * @return the count
	 */
	public int liveSessionCount() {
		return this.sessions.size();
	}

	/**
	 * Returns the number of requests that have live request stores.
	 * @return the count
	 */
	public int liveRequestCount() {
		return this.requests.size();
	}

	/**
	 * Disposes every instance.
	 */
	@Override
	public void destroy() {
		this.destroyed = true;
		stopSync();
		stopPersistence();
		for (String id : new ArrayList<>(this.requests.keySet())) {
			endRequest(id);
		}
		for (String id : new ArrayList<>(this.sessions.keySet())) {
			endSession(id);
		}
		for (StoreInstance instance : this.applicationInstances.values()) {
			disposeQuietly(instance);
		}
		this.applicationInstances.clear();
	}

	private static void disposeQuietly(Disposable disposable) {
		try {
			disposable.dispose();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Disposing " + disposable + " failed", ex);
		}
	}

	/** The store instances of one session or request, under one root owner. */
	static final class ScopeInstances {

		final String id;

		final Disposable root;

		final dev.philjs.core.Owner owner;

		final List<Context.Binding<?>> context;

		final Map<String, StoreInstance> instances = new ConcurrentHashMap<>();

		private boolean disposed;

		private boolean evicted;

		volatile long lastAccess = System.nanoTime();

		ScopeInstances(String kind, String id, List<Context.Binding<?>> context) {
			this.id = id;
			this.context = List.copyOf(context);
			Object[] created = new Object[2];
			Reactive.runWithOwner(null,
					() -> Reactive.provide(this.context, () -> Reactive.named(kind + ":" + id).createRoot((dispose) -> {
						created[0] = dispose;
						created[1] = Reactive.getOwner();
						return null;
					})));
			this.root = (Disposable) created[0];
			this.owner = Objects.requireNonNull((dev.philjs.core.Owner) created[1]);
		}

		/**
		 * Returns the instance, creating it if needed, or {@code null} if this scope was
		 * evicted.
		 */
		@Nullable StoreInstance get(StoreDefinition definition, StoreRegistry registry) {
			synchronized (this) {
				if (this.evicted) {
					return null;
				}
				if (this.disposed) {
					throw new StoreException(StoreException.Kind.BAD_REQUEST, "Scope " + this.id + " has ended");
				}
				this.lastAccess = System.nanoTime();
				return this.instances.computeIfAbsent(definition.name(),
						(n) -> registry.create(definition, this, this.id));
			}
		}

		/**
		 * Marks this scope evicted if it had no request for {@code idleNanos} and no
		 * subscriber; a concurrent {@link #get} either ran before (and refreshed the
		 * access time) or runs after and sees the mark.
		 */
		boolean markEvictedIfIdle(long now, long idleNanos) {
			synchronized (this) {
				if (this.evicted || this.disposed || now - this.lastAccess < idleNanos) {
					return false;
				}
				for (StoreInstance instance : this.instances.values()) {
					if (instance.subscriberCount() > 0) {
						return false;
					}
				}
				this.evicted = true;
				return true;
			}
		}

		void dispose() {
			synchronized (this) {
				this.disposed = true;
			}
			for (StoreInstance instance : this.instances.values()) {
				disposeQuietly(instance);
			}
			this.instances.clear();
			disposeQuietly(this.root);
		}

	}

}
