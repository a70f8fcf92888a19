package dev.philjs.spring.data.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.philjs.core.Subscription;
import dev.philjs.core.sync.Change;
import dev.philjs.core.sync.ChannelListeners;
import dev.philjs.core.sync.Channel;
import dev.philjs.spring.store.StorePersistenceLifecycle;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamMessageListenerContainerOptions;
import org.springframework.data.redis.stream.StreamMessageListenerContainer.StreamReadRequest;

/**
 * A {@link Channel} between the instances of a service through one Redis Stream, with the
 * greatest change of every key kept beside it, so that changes are ordered, replayed
 * after a short disconnection, and recoverable by an instance that starts late or missed
 * more than the stream retains.
 *
 * <h2>Redis keys</h2> Under a prefix ({@code {philjs:sync}:} by default):
 * <ul>
 * <li>{@code <prefix>stream}: a stream whose entries have the fields {@code key},
 * {@code version}, {@code origin} and {@code payload}, trimmed to about {@code maxLength}
 * entries ({@code XADD MAXLEN ~});</li>
 * <li>{@code <prefix>latest:<key>}: a hash with the fields {@code version},
 * {@code origin} and {@code payload} of the greatest change of the key.</li>
 * </ul>
 * A publication is one Lua script that writes both keys, so on a Redis Cluster they must
 * be in one hash slot: the prefix must then contain a hash tag ({@code {...}}, as the
 * default does), and the constructor refuses one without. The script replaces the latest
 * hash and appends the stream entry only if the change is greater than the latest
 * (version first, then the origin compared byte by byte, which is
 * {@link String#compareTo} for the ASCII origins this channel accepts); a change that
 * lost is neither stored nor streamed.
 *
 * <h2>Threads</h2> One reader thread ({@code philjs-sync-reader}) reads the stream with
 * blocking {@code XREAD} from the last entry it has seen (Spring Data Redis's
 * {@link StreamMessageListenerContainer}) and calls listeners for changes greater than
 * the greatest one this channel knows of their key. One worker thread
 * ({@code philjs-sync-worker}) writes publications, in the background, so that
 * {@link #publish} never waits for Redis, and resynchronizes: it reads the latest hash of
 * every key this channel knows or has listeners for, delivers what is newer and
 * republishes what Redis lacks. It resynchronizes when the channel starts, after any read
 * or write failure (retried with backoff until Redis answers again), and every
 * {@code resyncInterval}. A change published while Redis is unreachable is therefore
 * written when it comes back, and an instance that was cut off (or a Redis that was
 * restarted empty) catches up.
 *
 * <p>
 * As an {@link Executor}, it runs tasks on the worker thread, so that a publisher that
 * prepares its change there (encodes it, then calls {@link #publish}) reaches Redis
 * without one more thread hand-off ({@code StoreSync} does).
 *
 * <p>
 * Lifecycle: a {@link SmartLifecycle} in phase {@link #PHASE}, just below the stores'
 * lifecycle: it starts before shared stores subscribe and stops after they unsubscribe
 * (and before the Redis client, phase 0), writing what is still pending.
 *
 * <p>
 * Thread safety: every method may be called from any thread. Listeners run on the reader
 * or the worker thread, or on the thread that calls {@link #latest}, never under a lock
 * of this channel; they must not block for long.
 *
 * @since 0.1.0
 */
public final class RedisChannel implements Channel, SmartLifecycle, Executor {

	/** The lifecycle phase: below the stores' lifecycle, above the Redis client's. */
	public static final int PHASE = StorePersistenceLifecycle.PHASE - 1;

	private static final System.Logger logger = System.getLogger(RedisChannel.class.getName());

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	private static final RedisScript<String> PUBLISH = new DefaultRedisScript<>("""
			local function after(a, b)
			  local n = math.min(#a, #b)
			  for i = 1, n do
			    local x, y = string.byte(a, i), string.byte(b, i)
			    if x ~= y then return x > y end
			  end
			  return #a > #b
			end
			local current = redis.call('HMGET', KEYS[2], 'version', 'origin')
			if current[1] then
			  local cv, nv = tonumber(current[1]), tonumber(ARGV[2])
			  if nv < cv or (nv == cv and not after(ARGV[3], current[2])) then
			    return false
			  end
			end
			redis.call('HSET', KEYS[2], 'version', ARGV[2], 'origin', ARGV[3], 'payload', ARGV[4])
			return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[5], '*',
			  'key', ARGV[1], 'version', ARGV[2], 'origin', ARGV[3], 'payload', ARGV[4])
			""", String.class);

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate template;

	private final String prefix;

	private final String streamKey;

	private final long maxLength;

	private final Duration pollTimeout;

	private final Duration resyncInterval;

	private final ChannelListeners listeners = new ChannelListeners();

	/** The greatest change of each key this channel has published, read or received. */
	private final Map<String, Change> known = new ConcurrentHashMap<>();

	/** Keys whose known change still has to be written to Redis. */
	private final Set<String> dirty = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private final AtomicBoolean resyncScheduled = new AtomicBoolean();

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final Object lifecycleMonitor = new Object();

	private @Nullable ScheduledExecutorService worker;

	private @Nullable StreamMessageListenerContainer<String, MapRecord<String, String, String>> container;

	private volatile boolean running;

	private volatile boolean connected;

	private volatile @Nullable Instant lastReceived;

	private volatile @Nullable String lastError;

	/** Only touched by the worker thread. */
	private long backoffMillis;

	/**
	 * Creates a channel; nothing is read or written before {@link #start()}.
	 * @param connectionFactory the Redis connections (Lettuce)
	 * @param prefix the prefix of every Redis key of this channel, such as
	 * {@code {philjs:sync}:}; on a Redis Cluster it must contain a hash tag
	 * @param maxLength about how many entries the stream keeps ({@code XADD MAXLEN ~})
	 * @param pollTimeout how long one blocking read waits; must be shorter than the
	 * connection's command timeout
	 * @param resyncInterval how often the latest changes are compared with Redis even
	 * without a failure; zero or negative for never
	 * @throws IllegalArgumentException if {@code maxLength} or {@code pollTimeout} is not
	 * positive, or if the connection factory is for a Redis Cluster and {@code prefix}
	 * has no hash tag
	 */
	public RedisChannel(RedisConnectionFactory connectionFactory, String prefix, long maxLength, Duration pollTimeout,
			Duration resyncInterval) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
		this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout must not be null");
		this.resyncInterval = Objects.requireNonNull(resyncInterval, "resyncInterval must not be null");
		if (maxLength < 1) {
			throw new IllegalArgumentException("maxLength must be positive, was " + maxLength);
		}
		if (pollTimeout.isNegative() || pollTimeout.isZero()) {
			throw new IllegalArgumentException("pollTimeout must be positive, was " + pollTimeout);
		}
		if (isCluster(connectionFactory) && !hasHashTag(prefix)) {
			throw new IllegalArgumentException(
					"On a Redis Cluster the sync key prefix must contain a hash tag, such as "
							+ "{philjs:sync}:, so that the stream and the latest values are in one hash slot "
							+ "(a publication writes both in one script); was '" + prefix
							+ "' (philjs.sync.key-prefix)");
		}
		this.maxLength = maxLength;
		this.streamKey = prefix + "stream";
		this.template = new StringRedisTemplate(connectionFactory);
		this.template.afterPropertiesSet();
	}

	private static boolean isCluster(RedisConnectionFactory connectionFactory) {
		return connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
	}

	/**
	 * Tells whether Redis Cluster hashes every key that starts with {@code prefix} on the
	 * same part of it: the prefix has a '{' followed, later, by a '}' with at least one
	 * character between them (the first such pair is the hash tag).
	 */
	static boolean hasHashTag(String prefix) {
		int open = prefix.indexOf('{');
		if (open < 0) {
			return false;
		}
		int close = prefix.indexOf('}', open + 1);
		return close > open + 1;
	}

	/**
	 * Returns the Redis key of the stream.
	 * @return {@code <prefix>stream}
	 */
	public String streamKey() {
		return this.streamKey;
	}

	/**
	 * Returns the Redis key of the hash that holds the greatest change of a key.
	 * @param key a channel key
	 * @return {@code <prefix>latest:<key>}
	 */
	public String latestKey(String key) {
		return this.prefix + "latest:" + key;
	}

	/**
	 * Publishes a change: remembered at once, written to Redis in the background (retried
	 * until Redis answers), and delivered to the subscribers of every instance, this one
	 * included, through the stream. Never blocks on Redis.
	 * @param change the change; its origin must be printable ASCII
	 * @throws IllegalArgumentException if the origin is not printable ASCII
	 */
	@Override
	public void publish(Change change) {
		Objects.requireNonNull(change, "change must not be null");
		checkOrigin(change.origin());
		if (remember(change)) {
			this.dirty.add(change.key());
			scheduleFlush();
		}
	}

	/**
	 * Runs a task on the worker thread, the thread that writes publications to Redis. The
	 * task must not block; it runs after the work queued before it.
	 * @param task the task
	 * @throws RejectedExecutionException if the channel is not running
	 */
	@Override
	public void execute(Runnable task) {
		Objects.requireNonNull(task, "task must not be null");
		ScheduledExecutorService worker = this.worker;
		if (worker == null || !this.running) {
			throw new RejectedExecutionException("The Redis channel " + this.streamKey + " is not running");
		}
		worker.execute(task);
	}

	@Override
	public Subscription subscribe(String key, Consumer<Change> listener) {
		return this.listeners.subscribe(key, listener);
	}

	/**
	 * Returns the greatest change of a key: the one in Redis or the one this channel
	 * knows, whichever is greater. Reads Redis on the calling thread; if Redis cannot be
	 * reached, returns what this channel knows (and resynchronizes once Redis is back).
	 * @param key the key
	 * @return the latest change, if any
	 */
	@Override
	public Optional<Change> latest(String key) {
		Objects.requireNonNull(key, "key must not be null");
		try {
			readLatest(key).ifPresent(this::remember);
		}
		catch (DataAccessException ex) {
			failed("read the latest change of '" + key + "'", ex);
		}
		return Optional.ofNullable(this.known.get(key));
	}

	/** Keeps a change if it is greater than the known one; tells whether it was kept. */
	private boolean remember(Change change) {
		boolean[] kept = new boolean[1];
		this.known.compute(change.key(), (key, old) -> {
			if (old == null || change.isNewerThan(old.version(), old.origin())) {
				kept[0] = true;
				return change;
			}
			return old;
		});
		return kept[0];
	}

	private Optional<Change> readLatest(String key) {
		List<Object> fields = this.template.opsForHash()
			.multiGet(latestKey(key), List.of("version", "origin", "payload"));
		if (fields == null || fields.size() != 3 || fields.get(0) == null || fields.get(1) == null
				|| fields.get(2) == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(new Change(key, Long.parseLong((String) fields.get(0)), (String) fields.get(1),
					(String) fields.get(2)));
		}
		catch (IllegalArgumentException ex) {
			this.rejected.incrementAndGet();
			logger.log(Level.WARNING, "Ignoring malformed latest change in " + latestKey(key), ex);
			return Optional.empty();
		}
	}

	private void deliver(Change change) {
		this.listeners.forEach(change.key(), (listener) -> {
			try {
				listener.accept(change);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "A listener of '" + change.key() + "' failed", ex);
			}
		});
	}

	/** Called by the reader thread for each stream entry. */
	private void onRecord(MapRecord<String, String, String> record) {
		this.lastReceived = Instant.now();
		Map<String, String> fields = record.getValue();
		Change change;
		try {
			change = new Change(Objects.requireNonNull(fields.get("key"), "key"),
					Long.parseLong(Objects.requireNonNull(fields.get("version"), "version")),
					Objects.requireNonNull(fields.get("origin"), "origin"),
					Objects.requireNonNull(fields.get("payload"), "payload"));
		}
		catch (RuntimeException ex) {
			this.rejected.incrementAndGet();
			logger.log(Level.WARNING, "Ignoring malformed entry " + record.getId() + " of " + this.streamKey, ex);
			return;
		}
		this.received.incrementAndGet();
		if (!this.connected) {
			this.connected = true;
		}
		if (remember(change)) {
			deliver(change);
		}
	}

	/** Called by the reader thread when a read fails; the reader keeps reading. */
	private void onReadError(Throwable error) {
		if (this.running) {
			failed("read " + this.streamKey, error);
		}
	}

	private void failed(String what, Throwable error) {
		this.failures.incrementAndGet();
		boolean wasConnected = this.connected;
		this.connected = false;
		this.lastError = "Cannot " + what + ": " + error.getMessage();
		if (wasConnected) {
			logger.log(Level.WARNING,
					"Sync through Redis interrupted; will catch up when it answers again. " + this.lastError);
		}
		else {
			logger.log(Level.DEBUG, () -> this.lastError);
		}
		scheduleResync(this.backoffDelay());
	}

	private long backoffDelay() {
		return Math.max(50, this.backoffMillis);
	}

	private void scheduleFlush() {
		ScheduledExecutorService worker = this.worker;
		if (worker == null || !this.connected || !this.flushScheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			worker.execute(() -> {
				this.flushScheduled.set(false);
				flush();
			});
		}
		catch (RuntimeException ex) {
			this.flushScheduled.set(false);
		}
	}

	private void scheduleResync(long delayMillis) {
		ScheduledExecutorService worker = this.worker;
		if (worker == null || !this.running || !this.resyncScheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			worker.schedule(() -> {
				this.resyncScheduled.set(false);
				resync();
			}, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			this.resyncScheduled.set(false);
		}
	}

	/** Runs on the worker: writes the known change of every dirty key. */
	private boolean flush() {
		for (String key : this.dirty) {
			if (!this.dirty.remove(key)) {
				continue;
			}
			Change change = this.known.get(key);
			if (change == null) {
				continue;
			}
			try {
				this.template.execute(PUBLISH, List.of(this.streamKey, latestKey(key)), key,
						Long.toString(change.version()), change.origin(), change.payload(),
						Long.toString(this.maxLength));
				this.published.incrementAndGet();
			}
			catch (DataAccessException ex) {
				this.dirty.add(key);
				failed("publish a change of '" + key + "'", ex);
				return false;
			}
		}
		return true;
	}

	/**
	 * Runs on the worker: compares the greatest change of every key with Redis, delivers
	 * what is newer there, writes what is newer here.
	 */
	private void resync() {
		if (!this.running) {
			return;
		}
		Set<String> keys = new HashSet<>(this.listeners.keys());
		keys.addAll(this.known.keySet());
		try {
			for (String key : keys) {
				Optional<Change> remote = readLatest(key);
				if (remote.isPresent() && remember(remote.get())) {
					deliver(remote.get());
					continue;
				}
				Change local = this.known.get(key);
				if (local != null
						&& (remote.isEmpty() || local.isNewerThan(remote.get().version(), remote.get().origin()))) {
					this.dirty.add(key);
				}
			}
		}
		catch (DataAccessException ex) {
			this.backoffMillis = Math.min(MAX_BACKOFF.toMillis(), Math.max(50, this.backoffMillis * 2));
			failed("resynchronize from Redis", ex);
			return;
		}
		if (flush()) {
			this.backoffMillis = 0;
			if (!this.connected) {
				logger.log(Level.INFO, "Sync through Redis resumed");
			}
			this.connected = true;
			this.lastError = null;
		}
		else {
			this.backoffMillis = Math.min(MAX_BACKOFF.toMillis(), Math.max(50, this.backoffMillis * 2));
		}
	}

	private String lastStreamId() {
		var last = this.template.opsForStream().reverseRange(this.streamKey, Range.unbounded(), Limit.limit().count(1));
		return (last == null || last.isEmpty()) ? "0-0" : last.get(0).getId().getValue();
	}

	/**
	 * Starts reading the stream from its current end (what came before is caught up from
	 * the latest hashes), and starts the worker; if Redis cannot be reached, reads the
	 * whole retained stream once it can.
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			String startId;
			try {
				startId = lastStreamId();
				this.connected = true;
			}
			catch (DataAccessException ex) {
				startId = "0-0";
				this.lastError = "Cannot read " + this.streamKey + ": " + ex.getMessage();
				logger.log(Level.WARNING, "Redis is unreachable at start; shared stores will catch up when it answers. "
						+ this.lastError);
			}
			ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "philjs-sync-worker");
				thread.setDaemon(true);
				return thread;
			});
			SimpleAsyncTaskExecutor readers = new SimpleAsyncTaskExecutor("philjs-sync-reader-");
			readers.setDaemon(true);
			StreamMessageListenerContainerOptions<String, MapRecord<String, String, String>> options = StreamMessageListenerContainerOptions
				.builder()
				.pollTimeout(this.pollTimeout)
				.batchSize(256)
				.executor(readers)
				.errorHandler(this::onReadError)
				.build();
			StreamMessageListenerContainer<String, MapRecord<String, String, String>> container = StreamMessageListenerContainer
				.create(this.connectionFactory, options);
			container.register(StreamReadRequest.builder(StreamOffset.create(this.streamKey, ReadOffset.from(startId)))
				.cancelOnError((error) -> false)
				.errorHandler(this::onReadError)
				.build(), this::onRecord);
			this.worker = worker;
			this.container = container;
			this.running = true;
			container.start();
			if (!this.resyncInterval.isNegative() && !this.resyncInterval.isZero()) {
				long every = this.resyncInterval.toMillis();
				worker.scheduleWithFixedDelay(this::resync, every, every, TimeUnit.MILLISECONDS);
			}
			scheduleResync(0);
		}
	}

	/**
	 * Stops reading, writes what is still pending (waiting at most a few seconds) and
	 * stops the worker. Calling it again does nothing.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService worker;
		StreamMessageListenerContainer<String, MapRecord<String, String, String>> container;
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			worker = this.worker;
			container = this.container;
			this.worker = null;
			this.container = null;
		}
		if (container != null) {
			container.stop();
		}
		if (worker != null) {
			try {
				worker.submit(this::flush).get(5, TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.log(Level.WARNING, "Could not write the last changes to Redis", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			worker.shutdownNow();
		}
	}

	/**
	 * Same as {@link #stop()}.
	 */
	@Override
	public void close() {
		stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Tells whether the last read or write of Redis succeeded.
	 * @return {@code true} while Redis answers
	 */
	public boolean isConnected() {
		return this.running && this.connected;
	}

	/**
	 * Returns when the last stream entry was received.
	 * @return the instant, or {@code null} if none yet
	 */
	public @Nullable Instant lastReceived() {
		return this.lastReceived;
	}

	/**
	 * Returns the last failure since Redis last answered.
	 * @return the message, or {@code null} when connected
	 */
	public @Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * Returns how many changes this channel has written to Redis.
	 * @return the count
	 */
	public long publishedCount() {
		return this.published.get();
	}

	/**
	 * Returns how many stream entries this channel has read.
	 * @return the count
	 */
	public long receivedCount() {
		return this.received.get();
	}

	/**
	 * Returns how many changes are waiting to be written to Redis.
	 * @return the count
	 */
	public int pendingCount() {
		return this.dirty.size();
	}

	/**
	 * Returns how many reads or writes of Redis failed.
	 * @return the count
	 */
	public long failureCount() {
		return this.failures.get();
	}

	private static void checkOrigin(String origin) {
		for (int i = 0; i < origin.length(); i++) {
			char c = origin.charAt(i);
			if (c < 0x21 || c > 0x7e) {
				throw new IllegalArgumentException(
						"The origin of a change must be printable ASCII (it is compared byte by byte in Redis), was '"
								+ origin + "'");
			}
		}
	}

	@Override
	public String toString() {
		return "RedisChannel[" + this.streamKey + "]";
	}

}
