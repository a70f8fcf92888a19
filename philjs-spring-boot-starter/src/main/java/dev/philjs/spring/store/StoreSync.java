package dev.philjs.spring.store;

import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import dev.philjs.core.Effect;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.Subscription;
import dev.philjs.core.sync.Change;
import dev.philjs.core.sync.Channel;
import dev.philjs.core.sync.Convergence;
import dev.philjs.core.sync.Merge;
import dev.philjs.spring.json.StoreJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * Replicates the {@code Signal} fields of shared application stores
 * ({@code @PhilStore(shared = true)}) between the instances of a service through a
 * {@link Channel}, with the convergence rule of the core's
 * {@link dev.philjs.core.sync.SharedSignal}: every value carries a version and the origin
 * (instance id) that wrote it, a local write takes the highest version seen plus one, and
 * a change from another instance is applied only if its (version, origin) is greater.
 * Memos are not replicated: each instance derives them from the replicated signals. A
 * field with {@link MergeWith} is merged instead: concurrent values are joined, and the
 * join is written and published (see {@link Convergence}).
 *
 * <p>
 * The channel key of a signal is {@code store/<store>/<field>}, and its payload the JSON
 * of the value (the application's {@code JsonMapper}; {@code null} is allowed).
 *
 * <p>
 * How a signal is hooked: one effect per signal watches it under the graph lock, on the
 * writer's thread. When a remote change is applied (in a batch, on the channel's thread),
 * the effect recognizes the value it was given and does nothing, so a remote change is
 * never published again and loops cannot happen. Any other change is a local write: the
 * effect gives it the next version and puts it in a one-slot outbox; a task encodes it
 * and publishes it, outside the graph lock, on the channel's own thread when the channel
 * is an {@link Executor} (the Redis channel), else on the delivery executor. Writes
 * faster than publishing are conflated to the latest (which has the greatest version, the
 * only one that matters to the other instances).
 *
 * <p>
 * Thread safety: every method may be called from any thread; {@link #attach} reads the
 * channel's latest changes on the calling thread (blocking I/O) and must not run in an
 * effect or a batch.
 *
 * @since 0.1.0
 */
public final class StoreSync implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(StoreSync.class.getName());

	private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	/** Stands for "no remote value being applied". */
	private static final Object NOTHING = new Object();

	private final Channel channel;

	private final StoreJson json;

	private final String origin;

	private final List<Link> links = new CopyOnWriteArrayList<>();

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong applied = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private volatile boolean closed;

	/**
	 * Creates the sync of shared stores.
	 * @param channel carries the changes between instances
	 * @param json encodes and decodes values
	 * @param origin this instance's id, unique among the running instances: 1-100
	 * letters, digits, '.', '_', ':' or '-'
	 * @throws IllegalArgumentException if the origin is not such an id
	 */
	public StoreSync(Channel channel, StoreJson json, String origin) {
		this.channel = Objects.requireNonNull(channel, "channel must not be null");
		this.json = Objects.requireNonNull(json, "json must not be null");
		Objects.requireNonNull(origin, "origin must not be null");
		if (!INSTANCE_ID.matcher(origin).matches()) {
			throw new IllegalArgumentException("Invalid sync instance id '" + origin
					+ "': use 1-100 letters, digits, '.', '_', ':' or '-' (philjs.sync.instance-id)");
		}
		this.origin = origin;
	}

	/**
	 * Returns the channel key of a shared signal.
	 * @param store the store name
	 * @param signal the signal (field) name
	 * @return {@code store/<store>/<signal>}
	 */
	public static String key(String store, String signal) {
		return "store/" + store + "/" + signal;
	}

	/**
	 * Returns this instance's id, the origin of its changes.
	 * @return the id
	 */
	public String origin() {
		return this.origin;
	}

	/**
	 * Returns the channel.
	 * @return the channel
	 */
	public Channel channel() {
		return this.channel;
	}

	/**
	 * Returns how many local changes were handed to the channel.
	 * @return the count
	 */
	public long publishedCount() {
		return this.published.get();
	}

	/**
	 * Returns how many changes of other instances were applied here.
	 * @return the count
	 */
	public long appliedCount() {
		return this.applied.get();
	}

	/**
	 * Returns how many changes were rejected because their payload could not be read as
	 * the signal's value type.
	 * @return the count
	 */
	public long rejectedCount() {
		return this.rejected.get();
	}

	/**
	 * Starts replicating every {@code Signal} field of a store object: subscribes to the
	 * channel, applies the latest change of each signal (so the store starts from the
	 * current shared state), then publishes its local writes. Reads the channel on the
	 * calling thread.
	 * @param store the store name
	 * @param type the store class
	 * @param target the store object
	 * @param executor runs the encoding and publishing of local writes; must not run
	 * tasks on the calling thread
	 * @throws IllegalStateException if this sync is closed
	 */
	void attach(String store, Class<?> type, Object target, Executor executor) {
		if (this.closed) {
			throw new IllegalStateException("Store sync is closed; cannot share store '" + store + "'");
		}
		for (Field field : signalFields(type)) {
			@SuppressWarnings("unchecked")
			Signal<Object> signal = (Signal<Object>) ReflectionUtils.getField(field, target);
			if (signal == null) {
				throw new IllegalStateException(
						"Store '" + store + "': shared signal field '" + field.getName() + "' is null");
			}
			Type valueType = StoreIntrospector
				.concrete(ResolvableType.forField(field, type).as(ReadSignal.class).getGeneric(0));
			MergeWith mergeWith = field.getAnnotation(MergeWith.class);
			Merge<Object> merge = (mergeWith != null) ? StoreIntrospector.newMerge(
					"Store '" + store + "': @MergeWith on field '" + field.getName() + "'", mergeWith.value()) : null;
			Link link = new Link(key(store, field.getName()), signal,
					this.json.mapper().getTypeFactory().constructType(valueType), merge, publisher(executor));
			this.links.add(link);
			link.start();
		}
	}

	/**
	 * Stops replicating: local writes are no longer published and remote changes no
	 * longer applied. Calling it again does nothing.
	 */
	@Override
	public void close() {
		this.closed = true;
		for (Link link : this.links) {
			this.links.remove(link);
			link.close();
		}
	}

	/**
	 * The instance fields declared as a {@code Signal} (not a memo), superclasses first.
	 */
	static List<Field> signalFields(Class<?> type) {
		List<Class<?>> hierarchy = new ArrayList<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			hierarchy.add(c);
		}
		Collections.reverse(hierarchy);
		List<Field> fields = new ArrayList<>();
		for (Class<?> c : hierarchy) {
			for (Field field : c.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()
						&& Signal.class.isAssignableFrom(field.getType())) {
					ReflectionUtils.makeAccessible(field);
					fields.add(field);
				}
			}
		}
		return fields;
	}

	/**
	 * Where local writes are encoded and published: on the channel's own thread when the
	 * channel is an {@link Executor} (the Redis channel's worker, which writes to Redis
	 * next, so a write is handed off once instead of twice), else, or while the channel
	 * does not run, on the delivery executor.
	 */
	private Executor publisher(Executor fallback) {
		if (!(this.channel instanceof Executor own)) {
			return fallback;
		}
		return (task) -> {
			try {
				own.execute(task);
			}
			catch (RejectedExecutionException ex) {
				fallback.execute(task);
			}
		};
	}

	/** A merge that threw: the change is rejected and nothing changes. */
	private static final class MergeException extends RuntimeException {

		MergeException(RuntimeException cause) {
			super(cause);
		}

	}

	/** A local write waiting to be published. */
	private record Outgoing(long version, @Nullable Object value) {
	}

	/** One store signal and its replication. */
	private final class Link {

		private final String key;

		private final Signal<Object> signal;

		private final JavaType type;

		private final @Nullable Merge<Object> merge;

		private final Executor executor;

		private final AtomicReference<@Nullable Outgoing> outbox = new AtomicReference<>();

		/**
		 * Guarded by the graph lock: the version of the current value (the highest seen).
		 */
		private long version;

		/** Guarded by the graph lock: the origin of the current value. */
		private String versionOrigin = "";

		/** Guarded by the graph lock: the remote value being applied, or NOTHING. */
		private @Nullable Object incoming = NOTHING;

		/** Guarded by the graph lock: the thread applying it. */
		private @Nullable Thread applier;

		/** Guarded by the graph lock: whether the watcher has run once. */
		private boolean watching;

		private volatile @Nullable Effect watcher;

		private volatile @Nullable Subscription subscription;

		private volatile boolean closed;

		Link(String key, Signal<Object> signal, JavaType type, @Nullable Merge<Object> merge, Executor executor) {
			this.key = key;
			this.signal = signal;
			this.type = type;
			this.merge = merge;
			this.executor = executor;
		}

		void start() {
			this.watcher = Reactive.runWithOwner(null, () -> Reactive.named("sync:" + this.key).effect(this::watch));
			this.subscription = StoreSync.this.channel.subscribe(this.key, this::receive);
			try {
				StoreSync.this.channel.latest(this.key).ifPresent(this::receive);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING,
						"Cannot read the latest value of '" + this.key + "'; it will be caught up by the channel", ex);
			}
		}

		/** Runs under the graph lock, on the writer's thread. */
		private void watch() {
			Object value = this.signal.get();
			if (!this.watching) {
				this.watching = true;
				return;
			}
			if (this.closed) {
				return;
			}
			if (value == this.incoming && Thread.currentThread() == this.applier) {
				this.incoming = NOTHING;
				return;
			}
			queue(value);
		}

		/**
		 * Gives a value the next version and this instance's origin, and puts it in the
		 * outbox (under the graph lock).
		 */
		private void queue(@Nullable Object value) {
			this.version++;
			this.versionOrigin = StoreSync.this.origin;
			if (this.outbox.getAndSet(new Outgoing(this.version, value)) == null) {
				try {
					this.executor.execute(this::publish);
				}
				catch (RejectedExecutionException ex) {
					this.outbox.set(null);
					logger.log(Level.WARNING, "Executor rejected the publication of '" + this.key + "'", ex);
				}
			}
		}

		/**
		 * Runs on the publisher (see {@link StoreSync#publisher}), outside the graph
		 * lock.
		 */
		private void publish() {
			Outgoing outgoing = this.outbox.getAndSet(null);
			if (outgoing == null) {
				return;
			}
			String payload;
			try {
				payload = StoreSync.this.json.write(outgoing.value());
			}
			catch (JacksonException ex) {
				logger.log(Level.WARNING, "Cannot encode the value of '" + this.key + "'; not shared", ex);
				return;
			}
			try {
				StoreSync.this.channel
					.publish(new Change(this.key, outgoing.version(), StoreSync.this.origin, payload));
				StoreSync.this.published.incrementAndGet();
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Cannot publish a change of '" + this.key + "'", ex);
			}
		}

		/** Runs on the channel's thread, outside any batch. */
		private void receive(Change change) {
			if (this.closed || !change.key().equals(this.key)) {
				return;
			}
			Object decoded;
			try {
				decoded = StoreSync.this.json.mapper().readValue(change.payload(), this.type);
			}
			catch (JacksonException | IllegalArgumentException ex) {
				StoreSync.this.rejected.incrementAndGet();
				logger.log(Level.WARNING, "Ignoring a change of '" + this.key + "' from " + change.origin()
						+ " that is not a " + this.type.toCanonical(), ex);
				return;
			}
			try {
				Reactive.batch(() -> apply(change, decoded));
			}
			catch (MergeException ex) {
				StoreSync.this.rejected.incrementAndGet();
				logger.log(Level.WARNING,
						"Ignoring a change of '" + this.key + "' from " + change.origin() + " that could not be merged",
						ex.getCause());
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "An effect failed while applying a change of '" + this.key + "'", ex);
			}
			finally {
				// the watcher ran (or had nothing to do) during the batch's flush
				Reactive.batch(() -> {
					this.incoming = NOTHING;
					this.applier = null;
				});
			}
		}

		/** Applies a decoded change, inside a batch. */
		private void apply(Change change, @Nullable Object decoded) {
			Convergence.Step<Object> step;
			try {
				step = Convergence.receive(this.signal.peek(), this.version, this.versionOrigin, change, decoded,
						this.merge);
			}
			catch (RuntimeException ex) {
				throw new MergeException(ex);
			}
			switch (step.action()) {
				case ADOPT -> {
					this.version = step.version();
					this.versionOrigin = change.origin();
					this.incoming = decoded;
					this.applier = Thread.currentThread();
					this.signal.set(decoded);
					StoreSync.this.applied.incrementAndGet();
				}
				case WRITE -> {
					// a local write: the watcher, in this batch's flush, takes the next
					// version and publishes it
					this.version = step.version();
					this.signal.set(step.value());
					StoreSync.this.applied.incrementAndGet();
				}
				case REPUBLISH -> {
					this.version = step.version();
					queue(step.value());
				}
				case IGNORE -> {
					// this instance holds everything of the change
				}
			}
		}

		void close() {
			this.closed = true;
			Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.close();
			}
			Effect watcher = this.watcher;
			if (watcher != null) {
				watcher.dispose();
			}
		}

	}

}
