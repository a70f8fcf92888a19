package dev.philjs.core.sync;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import dev.philjs.core.Disposable;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.Subscription;
import dev.philjs.core.persist.Codec;
import org.jspecify.annotations.Nullable;

/**
 * A signal whose value is shared by every instance of a service through a
 * {@link Channel}: local writes are published, remote changes are applied. The
 * server-side counterpart of the guide's cross-tab store.
 *
 * <h2>Convergence</h2> Each instance keeps, beside the value, the version and origin of
 * the change that produced it. A local write takes version {@code highest seen + 1} and
 * this instance's origin; a remote change is applied only if it is greater, comparing the
 * version first and then the origin (a last-writer-wins register ordered like a Lamport
 * clock). Since "keep the greatest" is commutative, associative and idempotent, every
 * instance that has received the same set of changes holds the same value, whatever order
 * they arrived in and however often. Concurrent writes on two instances are resolved the
 * same way everywhere: the higher version wins, and on equal versions the greater origin.
 *
 * <p>
 * With a {@link Merge} (a join: commutative, associative, idempotent), concurrent writes
 * are combined instead: a replica joins its value with each remote change, and writes
 * (and publishes) the join when it holds something the change lacks, so that the greatest
 * change converges to the join of every write (see {@link Convergence}).
 *
 * <p>
 * Thread safety: every method may be called from any thread. Writes are atomic with their
 * version (both happen in one batch); publishing and decoding happen outside the graph
 * lock. A remote payload that cannot be decoded is logged and ignored and changes
 * nothing.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public final class SharedSignal<T> implements Signal<T>, Disposable {

	private static final System.Logger logger = System.getLogger(SharedSignal.class.getName());

	private final String key;

	private final String origin;

	private final Codec<T> codec;

	private final Channel channel;

	private final @Nullable Merge<T> merge;

	private final Signal<T> value;

	private final Subscription subscription;

	private final AtomicLong rejected = new AtomicLong();

	/** Guarded by the graph lock (changed only inside batches). */
	private long version;

	/** Guarded by the graph lock. */
	private String versionOrigin;

	private volatile boolean disposed;

	private SharedSignal(String key, T initial, Codec<T> codec, Channel channel, String origin,
			@Nullable Merge<T> merge) {
		this.key = key;
		this.origin = origin;
		this.codec = codec;
		this.channel = channel;
		this.merge = merge;
		this.value = Reactive.named("shared:" + key).signal(initial);
		this.versionOrigin = "";
		this.subscription = channel.subscribe(key, this::receive);
		channel.latest(key).ifPresent(this::receive);
	}

	/**
	 * Creates a shared signal with a random origin.
	 * @param <T> the type of the value
	 * @param key the key shared by all instances
	 * @param initial the value until a change is received
	 * @param codec encodes values for the channel
	 * @param channel the channel
	 * @return the shared signal, caught up with the channel's latest change of the key
	 */
	public static <T> SharedSignal<T> create(String key, T initial, Codec<T> codec, Channel channel) {
		return create(key, initial, codec, channel, UUID.randomUUID().toString());
	}

	/**
	 * Creates a shared signal.
	 * @param <T> the type of the value
	 * @param key the key shared by all instances
	 * @param initial the value until a change is received
	 * @param codec encodes values for the channel
	 * @param channel the channel
	 * @param origin this instance's identifier, unique among the instances
	 * @return the shared signal, caught up with the channel's latest change of the key
	 */
	public static <T> SharedSignal<T> create(String key, T initial, Codec<T> codec, Channel channel, String origin) {
		return create(key, initial, codec, channel, origin, null);
	}

	/**
	 * Creates a shared signal whose concurrent writes are merged rather than decided by
	 * the last writer.
	 * @param <T> the type of the value
	 * @param key the key shared by all instances
	 * @param initial the value until a change is received
	 * @param codec encodes values for the channel
	 * @param channel the channel
	 * @param origin this instance's identifier, unique among the instances
	 * @param merge joins concurrent values (see {@link Merge} for the laws it must
	 * follow), or {@code null} for last-writer-wins
	 * @return the shared signal, caught up with the channel's latest change of the key
	 */
	public static <T> SharedSignal<T> create(String key, T initial, Codec<T> codec, Channel channel, String origin,
			@Nullable Merge<T> merge) {
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(codec, "codec must not be null");
		Objects.requireNonNull(channel, "channel must not be null");
		Objects.requireNonNull(origin, "origin must not be null");
		if (key.isEmpty() || origin.isEmpty()) {
			throw new IllegalArgumentException("key and origin must not be empty");
		}
		return new SharedSignal<>(key, initial, codec, channel, origin, merge);
	}

	@Override
	public T get() {
		return this.value.get();
	}

	@Override
	public T peek() {
		return this.value.peek();
	}

	/**
	 * Sets the value here and publishes it to the other instances.
	 * @param newValue the new value
	 */
	@Override
	public void set(T newValue) {
		update((current) -> newValue);
	}

	/**
	 * Atomically updates the value here and publishes the result.
	 * @param fn computes the new value from the current one
	 * @return the new value
	 */
	@Override
	public T update(UnaryOperator<T> fn) {
		Objects.requireNonNull(fn, "update function must not be null");
		if (this.disposed) {
			throw new IllegalStateException("Shared signal '" + this.key + "' is closed");
		}
		Object[] result = new Object[1];
		Change change = Reactive.batch(() -> {
			T current = this.value.peek();
			T next = fn.apply(current);
			result[0] = next;
			if (Objects.equals(current, next)) {
				return null;
			}
			String payload = this.codec.encode(next);
			this.version++;
			this.versionOrigin = this.origin;
			this.value.set(next);
			return new Change(this.key, this.version, this.origin, payload);
		});
		if (change != null) {
			this.channel.publish(change);
		}
		@SuppressWarnings("unchecked")
		T next = (T) result[0];
		return next;
	}

	private void receive(Change change) {
		if (this.disposed || !change.key().equals(this.key)) {
			return;
		}
		T decoded;
		try {
			decoded = this.codec.decode(change.payload());
		}
		catch (RuntimeException ex) {
			this.rejected.incrementAndGet();
			logger.log(Level.WARNING, "Ignoring undecodable change of '" + this.key + "' from " + change.origin(), ex);
			return;
		}
		Change republished;
		try {
			republished = apply(change, decoded);
		}
		catch (RuntimeException ex) {
			this.rejected.incrementAndGet();
			logger.log(Level.WARNING,
					"Ignoring a change of '" + this.key + "' from " + change.origin() + " that could not be merged",
					ex);
			return;
		}
		if (republished != null) {
			this.channel.publish(republished);
		}
	}

	/**
	 * Applies a decoded remote change in one batch.
	 * @return the change to publish, if the value was merged or must be republished
	 */
	private @Nullable Change apply(Change change, T decoded) {
		return Reactive.batch(() -> {
			Convergence.Step<T> step = Convergence.receive(this.value.peek(), this.version, this.versionOrigin, change,
					decoded, this.merge);
			switch (step.action()) {
				case ADOPT -> {
					this.version = step.version();
					this.versionOrigin = change.origin();
					this.value.set(decoded);
				}
				case WRITE, REPUBLISH -> {
					T next = step.value();
					String payload = this.codec.encode(next);
					this.version = step.version() + 1;
					this.versionOrigin = this.origin;
					this.value.set(next);
					return new Change(this.key, this.version, this.origin, payload);
				}
				case IGNORE -> {
					// nothing to do
				}
			}
			return null;
		});
	}

	/**
	 * Returns the version of the current value (0 until the first write anywhere).
	 * @return the version
	 */
	public long version() {
		return Reactive.batch(() -> this.version);
	}

	/**
	 * Returns the key shared by all instances.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Returns this instance's origin identifier.
	 * @return the origin
	 */
	public String origin() {
		return this.origin;
	}

	/**
	 * Returns how many remote changes were rejected because they could not be decoded or
	 * merged.
	 * @return the count
	 */
	public long rejectedChanges() {
		return this.rejected.get();
	}

	@Override
	public ReadSignal<T> asReadOnly() {
		return this.value.asReadOnly();
	}

	@Override
	public Subscription subscribe(Consumer<? super T> listener) {
		return this.value.subscribe(listener);
	}

	@Override
	public Subscription subscribe(Consumer<? super T> listener, Executor executor) {
		return this.value.subscribe(listener, executor);
	}

	@Override
	public String name() {
		return this.value.name();
	}

	/**
	 * Stops receiving remote changes; the value stays readable, writes are refused.
	 */
	@Override
	public void dispose() {
		this.disposed = true;
		this.subscription.close();
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

	@Override
	public String toString() {
		return "SharedSignal[" + this.key + "@" + this.origin + " = " + this.value.peek() + "]";
	}

}
