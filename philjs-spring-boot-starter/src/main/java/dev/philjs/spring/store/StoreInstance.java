package dev.philjs.spring.store;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.philjs.core.Disposable;
import dev.philjs.core.Effect;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * A live store instance: the store object, its version, a bounded buffer of its recent
 * changes, and its subscribers.
 *
 * <p>
 * An effect watches every exposed signal. When one changes, the effect (running under the
 * graph lock, on the writer's thread) computes which signals changed, bumps the version,
 * appends a {@link StoreChange} to the buffer and schedules one fan-out task; that is all
 * the work a writer pays for. The fan-out task wakes each subscriber, and each subscriber
 * drains on the executor, one delivery at a time: the changes after its last delivered
 * version if the buffer still holds them, a fresh snapshot otherwise. Subscribers whose
 * listeners never block ({@link StoreListener#nonBlocking()}: SSE streams, WebSocket
 * connections) are drained by the fan-out task itself, a slice of them per task; any
 * other gets a drain task of its own. A slow subscriber therefore never blocks writers or
 * other subscribers, and what it costs in memory is bounded by the buffer.
 *
 * <p>
 * Thread safety: every public method may be called from any thread.
 *
 * @since 0.1.0
 */
public final class StoreInstance implements Disposable {

	private static final System.Logger logger = System.getLogger(StoreInstance.class.getName());

	/** The write in progress on this thread (see writeAndGetVersion). */
	private static final ThreadLocal<@Nullable PendingWrite> pendingWrite = new ThreadLocal<>();

	private final StoreDefinition definition;

	private final Object target;

	private final @Nullable String scopeId;

	private final Executor executor;

	private final int bufferSize;

	private final long firstVersion;

	private final List<SignalDefinition> signals;

	private final List<ReadSignal<?>> sources;

	private final ArrayDeque<StoreChange> buffer = new ArrayDeque<>();

	private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();

	private final AtomicBoolean fanOutScheduled = new AtomicBoolean();

	/** How many non-blocking subscribers one fan-out task drains. */
	private static final int FAN_OUT_SLICE = 256;

	private final AtomicLong conflated = new AtomicLong();

	private final Effect watcher;

	private final @Nullable Runnable onDispose;

	private volatile StoreSnapshot snapshot;

	private volatile boolean disposed;

	/**
	 * Starts watching a store object.
	 * @param definition what the store exposes
	 * @param target the store object
	 * @param scopeId the session or request this instance belongs to, or {@code null}
	 * @param executor runs fan-out and deliveries; must not run tasks on the calling
	 * thread
	 * @param bufferSize how many changes are kept for subscribers that fell behind
	 * @param onDispose called once when the instance is disposed, or {@code null}
	 */
	public StoreInstance(StoreDefinition definition, Object target, @Nullable String scopeId, Executor executor,
			int bufferSize, @Nullable Runnable onDispose) {
		if (bufferSize < 1) {
			throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
		}
		this.definition = definition;
		this.target = target;
		this.scopeId = scopeId;
		this.executor = executor;
		this.bufferSize = bufferSize;
		this.onDispose = onDispose;
		this.signals = List.copyOf(definition.signals().values());
		List<ReadSignal<?>> sources = new ArrayList<>(this.signals.size());
		for (SignalDefinition signal : this.signals) {
			sources.add(signal.read(target));
		}
		this.sources = sources;
		this.firstVersion = firstVersion();
		this.snapshot = new StoreSnapshot(definition.name(), this.firstVersion - 1, Map.of());
		this.watcher = Reactive.runWithOwner(null,
				() -> Reactive.named("store:" + definition.name()).effect(this::observe));
	}

	/**
	 * The first version of a new instance: a random number from 2^32 to 2^52 (from a
	 * {@link SecureRandom}), so that the versions of two instances of a store (on two
	 * servers behind one load balancer, in an earlier run of this server, or an earlier
	 * instance of the same session's store) are unrelated. A version handed out by
	 * another instance names one that this instance still buffers by a chance of about
	 * {@code bufferSize / 2^52}, and matches its current version by a chance of 2^-52:
	 * the client gets a fresh snapshot (or a 412 for {@code If-Match}) instead of a
	 * resume from an unrelated point. Leaves 2^52 changes before versions pass 2^53, the
	 * largest integer JavaScript reads exactly.
	 */
	private static long firstVersion() {
		return VERSION_RANDOM.nextLong(1L << 32, 1L << 52);
	}

	private static final SecureRandom VERSION_RANDOM = new SecureRandom();

	/** Runs under the graph lock: reads every exposed signal and records what changed. */
	private void observe() {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < this.sources.size(); i++) {
			values.put(this.signals.get(i).name(), readSafely(this.sources.get(i), this.signals.get(i)));
		}
		StoreSnapshot previous = this.snapshot;
		long version = previous.version() + 1;
		boolean first = version == this.firstVersion;
		Map<String, Object> changed = new LinkedHashMap<>();
		for (Map.Entry<String, Object> entry : values.entrySet()) {
			if (first || !Objects.equals(previous.values().get(entry.getKey()), entry.getValue())) {
				changed.put(entry.getKey(), entry.getValue());
			}
		}
		if (!first && changed.isEmpty()) {
			return;
		}
		this.snapshot = new StoreSnapshot(this.definition.name(), version, Collections.unmodifiableMap(values));
		PendingWrite write = pendingWrite.get();
		if (write != null && write.instance == this) {
			write.produced = version;
		}
		if (!first) {
			StoreChange change = new StoreChange(this.definition.name(), version, Collections.unmodifiableMap(changed));
			synchronized (this.buffer) {
				this.buffer.addLast(change);
				if (this.buffer.size() > this.bufferSize) {
					this.buffer.removeFirst();
				}
			}
			scheduleFanOut();
		}
	}

	private static Object readSafely(ReadSignal<?> source, SignalDefinition definition) {
		try {
			Object value = source.get();
			return (value != null) ? value : NullValue.INSTANCE;
		}
		catch (RuntimeException ex) {
			logger.log(Level.DEBUG, () -> "Exposed memo '" + definition.name() + "' failed", ex);
			return new FailedValue(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private void scheduleFanOut() {
		if (this.subscribers.isEmpty() || !this.fanOutScheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			this.executor.execute(this::fanOut);
		}
		catch (RejectedExecutionException ex) {
			this.fanOutScheduled.set(false);
			logger.log(Level.WARNING, "Executor rejected the fan-out of store '" + this.definition.name() + "'", ex);
		}
	}

	/**
	 * Runs on the executor: wakes every subscriber. A subscriber whose listener may block
	 * gets a drain task of its own; the non-blocking ones (SSE streams, WebSocket
	 * connections) are drained right here, {@value #FAN_OUT_SLICE} per task, so that a
	 * change reaches them without one more task hand-off each, and a large fan-out is
	 * still spread over the executor's threads.
	 */
	private void fanOut() {
		this.fanOutScheduled.set(false);
		List<Subscriber> direct = new ArrayList<>();
		for (Subscriber subscriber : this.subscribers) {
			if (subscriber.nonBlocking) {
				direct.add(subscriber);
			}
			else {
				subscriber.wake();
			}
		}
		int size = direct.size();
		for (int from = FAN_OUT_SLICE; from < size; from += FAN_OUT_SLICE) {
			List<Subscriber> slice = direct.subList(from, Math.min(size, from + FAN_OUT_SLICE));
			try {
				this.executor.execute(() -> drainHere(slice));
			}
			catch (RejectedExecutionException ex) {
				drainHere(slice);
			}
		}
		drainHere(direct.subList(0, Math.min(size, FAN_OUT_SLICE)));
	}

	private static void drainHere(List<Subscriber> slice) {
		for (Subscriber subscriber : slice) {
			subscriber.wakeHere();
		}
	}

	/**
	 * Returns the store's definition.
	 * @return the definition
	 */
	public StoreDefinition definition() {
		return this.definition;
	}

	/**
	 * Returns the store object.
	 * @return the store
	 */
	public Object target() {
		return this.target;
	}

	/**
	 * Returns the session or request id this instance belongs to.
	 * @return the id, or {@code null} for an application store
	 */
	public @Nullable String scopeId() {
		return this.scopeId;
	}

	/**
	 * Returns the current version.
	 * @return the version
	 */
	public long version() {
		return this.snapshot.version();
	}

	/**
	 * Returns the current state. {@code null} values are represented by
	 * {@link NullValue}, failed memos by {@link FailedValue}.
	 * @return the snapshot
	 */
	public StoreSnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Returns the changes after {@code version}, if the buffer still holds all of them.
	 * @param version the last version the caller has
	 * @return the changes in order (empty if {@code version} is current), or {@code null}
	 * if some are gone or {@code version} is not a version of this instance
	 */
	public @Nullable List<StoreChange> changesSince(long version) {
		long current = this.snapshot.version();
		if (version == current) {
			return List.of();
		}
		if (version > current || version < this.firstVersion) {
			return null;
		}
		synchronized (this.buffer) {
			StoreChange first = this.buffer.peekFirst();
			if (first == null || first.version() > version + 1) {
				return null;
			}
			// the newest changes are at the end, and a subscriber is usually one behind
			StoreChange last = this.buffer.peekLast();
			if (last != null && last.version() == version + 1) {
				return List.of(last);
			}
			List<StoreChange> result = new ArrayList<>();
			Iterator<StoreChange> newestFirst = this.buffer.descendingIterator();
			while (newestFirst.hasNext()) {
				StoreChange change = newestFirst.next();
				if (change.version() <= version) {
					break;
				}
				result.add(change);
			}
			Collections.reverse(result);
			return result;
		}
	}

	/**
	 * Sets a writable signal, optionally only if the store is still at
	 * {@code expectedVersion}.
	 * @param signal the signal's definition
	 * @param value the new value
	 * @param expectedVersion the version the caller saw, or {@code null} to write
	 * unconditionally
	 * @return the store's version after the write
	 * @throws StoreException {@code VERSION_CONFLICT} if the version moved on
	 */
	public long set(SignalDefinition signal, @Nullable Object value, @Nullable Long expectedVersion) {
		Signal<Object> writable = signal.writable(this.target);
		return writeAndGetVersion(() -> {
			writable.set(value);
			return null;
		}, expectedVersion).version();
	}

	/**
	 * Runs {@code body} in one batch, optionally only if the store is still at
	 * {@code expectedVersion}, and tells which version of this store the batch produced.
	 * @param <T> the type of the result
	 * @param body the body
	 * @param expectedVersion the version the caller saw, or {@code null}
	 * @return what the body returned, and the store's version right after the batch
	 * (before any other thread could write)
	 */
	public <T> Written<T> writeAndGetVersion(Supplier<T> body, @Nullable Long expectedVersion) {
		PendingWrite previous = pendingWrite.get();
		PendingWrite write = new PendingWrite(this);
		pendingWrite.set(write);
		try {
			T result = Reactive.batch(() -> {
				checkVersion(expectedVersion);
				write.produced = version();
				return body.get();
			});
			// the watcher ran during this batch's flush, on this thread, if the batch
			// changed anything
			return new Written<>(result, write.produced);
		}
		finally {
			pendingWrite.set(previous);
		}
	}

	private static final class PendingWrite {

		final StoreInstance instance;

		long produced;

		PendingWrite(StoreInstance instance) {
			this.instance = instance;
		}

	}

	/**
	 * The result of a write and the version it produced.
	 *
	 * @param <T> the type of the result
	 * @param result what the body returned
	 * @param version the store's version right after the write
	 */
	public record Written<T>(@Nullable T result, long version) {
	}

	private void checkVersion(@Nullable Long expectedVersion) {
		if (expectedVersion != null && expectedVersion != version()) {
			throw new StoreException(StoreException.Kind.VERSION_CONFLICT,
					"Store '" + this.definition.name() + "' is at version " + version() + ", not " + expectedVersion);
		}
	}

	/**
	 * Subscribes a listener: it first receives a snapshot (or, with {@code lastVersion},
	 * the changes after it when they are still buffered), then the changes as they
	 * happen.
	 * @param listener the listener
	 * @param lastVersion the last version the listener already has, or {@code null}
	 * @return the subscription (disposed already if this instance is)
	 */
	public StoreSubscription subscribe(StoreListener listener, @Nullable Long lastVersion) {
		Objects.requireNonNull(listener, "listener must not be null");
		Subscriber subscriber = new Subscriber(listener, (lastVersion != null) ? lastVersion : -1);
		if (this.disposed) {
			subscriber.dispose();
			return subscriber;
		}
		this.subscribers.add(subscriber);
		subscriber.wake();
		return subscriber;
	}

	/**
	 * Returns the number of live subscribers.
	 * @return the count
	 */
	public int subscriberCount() {
		return this.subscribers.size();
	}

	/**
	 * Returns how many deliveries were conflated (changes a subscriber skipped because it
	 * was behind, replaced by a snapshot).
	 * @return the count
	 */
	public long conflatedCount() {
		return this.conflated.get();
	}

	@Override
	public void dispose() {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		this.watcher.dispose();
		for (Subscriber subscriber : this.subscribers) {
			subscriber.dispose();
		}
		if (this.target instanceof Disposable disposable) {
			disposable.dispose();
		}
		if (this.onDispose != null) {
			this.onDispose.run();
		}
	}

	@Override
	public boolean isDisposed() {
		return this.disposed;
	}

	@Override
	public String toString() {
		return "StoreInstance[" + this.definition.name() + ((this.scopeId != null) ? "@" + this.scopeId : "") + " v"
				+ version() + "]";
	}

	/**
	 * One subscriber's conflating mailbox: {@link #wake()} schedules at most one drain
	 * task; the drain delivers everything after the subscriber's cursor, then checks
	 * again. A listener that is not {@linkplain StoreListener#ready() ready} parks the
	 * subscriber: wakes only mark it dirty, and {@link #resume()} schedules the drain
	 * again, which then delivers what was missed (conflated to a snapshot if the buffer
	 * no longer holds it).
	 */
	private final class Subscriber implements StoreSubscription, Runnable {

		private final StoreListener listener;

		/** The listener's {@link StoreListener#nonBlocking()}, asked once. */
		final boolean nonBlocking;

		private final AtomicBoolean scheduled = new AtomicBoolean();

		private final AtomicBoolean dirty = new AtomicBoolean();

		private final AtomicBoolean parked = new AtomicBoolean();

		private final AtomicBoolean closed = new AtomicBoolean();

		/** Only touched by the drain task (one at a time). */
		private long cursor;

		Subscriber(StoreListener listener, long cursor) {
			this.listener = listener;
			this.nonBlocking = listener.nonBlocking();
			this.cursor = cursor;
		}

		void wake() {
			this.dirty.set(true);
			if (!this.parked.get()) {
				schedule();
			}
		}

		/**
		 * Like {@link #wake()}, but drains on the calling thread (a fan-out task) when no
		 * drain is scheduled or running; only for non-blocking listeners.
		 */
		void wakeHere() {
			this.dirty.set(true);
			if (!this.parked.get() && !this.closed.get() && this.scheduled.compareAndSet(false, true)) {
				run();
			}
		}

		@Override
		public void resume() {
			this.parked.set(false);
			this.dirty.set(true);
			schedule();
		}

		private void schedule() {
			if (this.closed.get() || !this.scheduled.compareAndSet(false, true)) {
				return;
			}
			try {
				StoreInstance.this.executor.execute(this);
			}
			catch (RejectedExecutionException ex) {
				this.scheduled.set(false);
				logger.log(Level.WARNING, "Executor rejected a delivery of store '"
						+ StoreInstance.this.definition.name() + "'; closing the subscription", ex);
				dispose();
			}
		}

		@Override
		public void run() {
			try {
				while (!this.closed.get() && this.dirty.getAndSet(false)) {
					if (!deliver()) {
						break;
					}
				}
			}
			catch (Exception ex) {
				logger.log(Level.DEBUG,
						() -> "Subscriber of store '" + StoreInstance.this.definition.name() + "' failed; closing it",
						ex);
				dispose();
			}
			finally {
				this.scheduled.set(false);
			}
			// a wake or a resume that came while this drain ran could not schedule one
			if (this.dirty.get() && !this.parked.get()) {
				schedule();
			}
		}

		/**
		 * Delivers what the listener is behind by, while it is ready.
		 * @return {@code false} if the listener was not ready (the subscriber is parked)
		 */
		private boolean deliver() throws Exception {
			StoreSnapshot current = StoreInstance.this.snapshot;
			if (this.cursor == current.version()) {
				return true;
			}
			if (!listenerReady()) {
				return false;
			}
			List<StoreChange> changes = (this.cursor > 0) ? changesSince(this.cursor) : null;
			if (changes == null) {
				if (this.cursor > 0) {
					StoreInstance.this.conflated.incrementAndGet();
				}
				this.listener.onSnapshot(current);
				this.cursor = current.version();
				return true;
			}
			for (int i = 0; i < changes.size(); i++) {
				if (i > 0 && !listenerReady()) {
					return false;
				}
				StoreChange change = changes.get(i);
				this.listener.onChanges(List.of(change));
				this.cursor = change.version();
			}
			return true;
		}

		/**
		 * Asks the listener; parks first, so that a resume racing with a "not ready"
		 * answer is never lost (it unparks, and the end of the drain schedules again).
		 */
		private boolean listenerReady() {
			this.parked.set(true);
			if (!this.listener.ready()) {
				this.dirty.set(true);
				return false;
			}
			this.parked.set(false);
			return true;
		}

		@Override
		public void dispose() {
			if (this.closed.compareAndSet(false, true)) {
				StoreInstance.this.subscribers.remove(this);
				try {
					this.listener.onClose();
				}
				catch (RuntimeException ex) {
					logger.log(Level.DEBUG, "onClose failed", ex);
				}
			}
		}

		@Override
		public boolean isDisposed() {
			return this.closed.get();
		}

	}

	/**
	 * Stands for {@code null} in snapshot and change maps.
	 */
	public enum NullValue {

		/** The only instance. */
		INSTANCE

	}

	/**
	 * Stands for the value of an exposed memo whose computation failed.
	 *
	 * @param error what failed
	 */
	public record FailedValue(String error) {
	}

}
