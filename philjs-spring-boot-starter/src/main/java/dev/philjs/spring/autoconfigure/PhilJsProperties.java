package dev.philjs.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of PhilJS for Spring, under the prefix {@code philjs}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("philjs")
public class PhilJsProperties {

	/**
	 * How many flush passes one write may cause before effects that keep re-triggering
	 * each other are stopped with a CycleDetectedException.
	 */
	private int flushPassLimit = 100;

	private final Stores stores = new Stores();

	private final Web web = new Web();

	private final Persistence persistence = new Persistence();

	private final Sync sync = new Sync();

	public int getFlushPassLimit() {
		return this.flushPassLimit;
	}

	public void setFlushPassLimit(int flushPassLimit) {
		this.flushPassLimit = flushPassLimit;
	}

	public Stores getStores() {
		return this.stores;
	}

	public Web getWeb() {
		return this.web;
	}

	public Persistence getPersistence() {
		return this.persistence;
	}

	public Sync getSync() {
		return this.sync;
	}

	/**
	 * Store instances and their change streams.
	 */
	public static class Stores {

		/**
		 * How many recent changes each store instance keeps, so that a client that
		 * reconnects (Last-Event-ID) or falls behind gets the changes it missed instead
		 * of a snapshot.
		 */
		private int bufferSize = 256;

		/**
		 * Threads that deliver store changes to SSE and WebSocket subscribers (they
		 * encode and write; an SSE client that stops reading holds none of them).
		 */
		private int deliveryThreads = Math.max(16, Runtime.getRuntime().availableProcessors() * 4);

		/**
		 * With Spring Session: how long the session stores of a session stay in this
		 * instance's memory without a request or a subscriber. Their @Persisted signals
		 * live in the session and come back on the next request; other signals start
		 * again from their initial values.
		 */
		private Duration sessionIdleTimeout = Duration.ofMinutes(30);

		public int getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
		}

		public int getDeliveryThreads() {
			return this.deliveryThreads;
		}

		public void setDeliveryThreads(int deliveryThreads) {
			this.deliveryThreads = deliveryThreads;
		}

		public Duration getSessionIdleTimeout() {
			return this.sessionIdleTimeout;
		}

		public void setSessionIdleTimeout(Duration sessionIdleTimeout) {
			this.sessionIdleTimeout = sessionIdleTimeout;
		}

	}

	/**
	 * The HTTP API, the SSE streams and the WebSocket endpoint.
	 */
	public static class Web {

		/**
		 * Whether to expose stores over HTTP, SSE and WebSocket.
		 */
		private boolean enabled = true;

		/**
		 * Path under which the HTTP API, the SSE streams and the WebSocket endpoint live.
		 */
		private String basePath = "/philjs";

		/**
		 * Origins allowed to open the WebSocket (and, for CORS, to call the HTTP API).
		 * Empty means the same origin only.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Largest request body accepted by the HTTP API.
		 */
		private DataSize maxBodySize = DataSize.ofKilobytes(64);

		private final Sse sse = new Sse();

		private final WebSocket websocket = new WebSocket();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			this.basePath = basePath;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public Sse getSse() {
			return this.sse;
		}

		public WebSocket getWebsocket() {
			return this.websocket;
		}

	}

	/**
	 * Server-Sent Events streams.
	 */
	public static class Sse {

		/**
		 * Interval of heartbeat comments on idle streams (keeps proxies from closing
		 * them).
		 */
		private Duration heartbeat = Duration.ofSeconds(15);

		/**
		 * How long a stream stays open before the server closes it (the client reconnects
		 * with Last-Event-ID); zero or negative for no limit.
		 */
		private Duration timeout = Duration.ofMinutes(30);

		/**
		 * Reconnection delay suggested to clients (the SSE "retry" field).
		 */
		private Duration retry = Duration.ofSeconds(2);

		/**
		 * How long a stream may stay not writable (its client not reading) before the
		 * server closes it; a live client reconnects with Last-Event-ID. Checked every
		 * half of it. Zero or negative for no limit.
		 */
		private Duration stallTimeout = Duration.ofSeconds(30);

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getRetry() {
			return this.retry;
		}

		public void setRetry(Duration retry) {
			this.retry = retry;
		}

		public Duration getStallTimeout() {
			return this.stallTimeout;
		}

		public void setStallTimeout(Duration stallTimeout) {
			this.stallTimeout = stallTimeout;
		}

	}

	/**
	 * The WebSocket endpoint.
	 */
	public static class WebSocket {

		/**
		 * Whether to expose the WebSocket endpoint.
		 */
		private boolean enabled = true;

		/**
		 * Largest message accepted from a client; a larger one closes that connection
		 * only.
		 */
		private DataSize maxMessageSize = DataSize.ofKilobytes(64);

		/**
		 * How long sending to one client may take before its connection is closed.
		 */
		private Duration sendTimeLimit = Duration.ofSeconds(10);

		/**
		 * How much data may be buffered for one slow client before its connection is
		 * closed.
		 */
		private DataSize sendBufferSize = DataSize.ofKilobytes(512);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

		public DataSize getSendBufferSize() {
			return this.sendBufferSize;
		}

		public void setSendBufferSize(DataSize sendBufferSize) {
			this.sendBufferSize = sendBufferSize;
		}

	}

	/**
	 * Where persistent state is stored.
	 */
	public static class Persistence {

		/**
		 * The storage of persistent state: memory (lost on restart), file (a directory,
		 * see directory) or redis (needs Spring Data Redis and a RedisConnectionFactory).
		 */
		private Type type = Type.MEMORY;

		/**
		 * Prefix of every Redis key that the redis storage writes, so that applications
		 * can share one Redis database.
		 */
		private String keyPrefix = "philjs:";

		/**
		 * Directory of the file storage, created if missing; relative paths are resolved
		 * against the working directory.
		 */
		private Path directory = Path.of("philjs-state");

		/**
		 * How long a @Persisted store signal must stay unchanged before its value is
		 * written: a burst of changes is written once, with the latest value.
		 */
		private Duration debounce = Duration.ofMillis(300);

		/**
		 * The longest a change of a @Persisted signal may wait to be written while
		 * changes keep coming (a steady stream never pauses for the debounce); unset for
		 * the debounce itself, so that a hard kill loses at most one debounce window.
		 */
		private @Nullable Duration maxWait;

		/**
		 * Delay before the first retry of a failed write (storage down); it doubles on
		 * each failure up to retry-max. The value stays in memory meanwhile.
		 */
		private Duration retryInitial = Duration.ofSeconds(1);

		/**
		 * Longest delay between two retries of a failed write.
		 */
		private Duration retryMax = Duration.ofSeconds(30);

		/**
		 * Per-store overrides, by store name: for example
		 * philjs.persistence.stores.settings.debounce=2s.
		 */
		private Map<String, StoreOverride> stores = new LinkedHashMap<>();

		public Type getType() {
			return this.type;
		}

		public void setType(Type type) {
			this.type = type;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

		public Duration getDebounce() {
			return this.debounce;
		}

		public void setDebounce(Duration debounce) {
			this.debounce = debounce;
		}

		public @Nullable Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(@Nullable Duration maxWait) {
			this.maxWait = maxWait;
		}

		public Duration getRetryInitial() {
			return this.retryInitial;
		}

		public void setRetryInitial(Duration retryInitial) {
			this.retryInitial = retryInitial;
		}

		public Duration getRetryMax() {
			return this.retryMax;
		}

		public void setRetryMax(Duration retryMax) {
			this.retryMax = retryMax;
		}

		public Map<String, StoreOverride> getStores() {
			return this.stores;
		}

		public void setStores(Map<String, StoreOverride> stores) {
			this.stores = stores;
		}

		/**
		 * Persistence settings of one store.
		 */
		public static class StoreOverride {

			/**
			 * How long this store's @Persisted signals must stay unchanged before they
			 * are written; unset for philjs.persistence.debounce.
			 */
			private @Nullable Duration debounce;

			public @Nullable Duration getDebounce() {
				return this.debounce;
			}

			public void setDebounce(@Nullable Duration debounce) {
				this.debounce = debounce;
			}

		}

		/**
		 * The kinds of storage.
		 */
		public enum Type {

			/** In memory: lost when the application stops. */
			MEMORY,

			/** One file per key in a directory. */
			FILE,

			/** Redis strings under a key prefix. */
			REDIS

		}

	}

	/**
	 * Replication of shared stores (@PhilStore(shared = true)) between the instances of
	 * the service.
	 */
	public static class Sync {

		/**
		 * How shared stores reach the other instances: none (they stay in this instance,
		 * unless the application declares a Channel bean) or redis (a Redis Stream, needs
		 * Spring Data Redis and a RedisConnectionFactory).
		 */
		private Type type = Type.NONE;

		/**
		 * Prefix of the Redis keys of the sync: the stream "<prefix>stream" and one hash
		 * "<prefix>latest:<key>" per shared signal. Instances of one service share it;
		 * different services must not. On a Redis Cluster it must contain a hash tag
		 * ("{...}", as the default does) so that all of them are in one hash slot.
		 */
		private String keyPrefix = "{philjs:sync}:";

		/**
		 * About how many entries the Redis stream keeps (XADD MAXLEN ~). An instance that
		 * misses more than that catches up from the latest value of each signal.
		 */
		private long streamMaxLength = 10_000;

		/**
		 * How long one blocking read of the stream waits; keep it below the Redis command
		 * timeout (spring.data.redis.timeout).
		 */
		private Duration pollTimeout = Duration.ofSeconds(1);

		/**
		 * How often the latest value of every shared signal is compared with Redis even
		 * when nothing failed (a safety net); zero for never.
		 */
		private Duration resyncInterval = Duration.ofSeconds(30);

		/**
		 * This instance's id, the origin of its changes (ties between concurrent writes
		 * are broken by it). Must differ between running instances. Default: a random
		 * UUID per start.
		 */
		private String instanceId = UUID.randomUUID().toString();

		public Type getType() {
			return this.type;
		}

		public void setType(Type type) {
			this.type = type;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public long getStreamMaxLength() {
			return this.streamMaxLength;
		}

		public void setStreamMaxLength(long streamMaxLength) {
			this.streamMaxLength = streamMaxLength;
		}

		public Duration getPollTimeout() {
			return this.pollTimeout;
		}

		public void setPollTimeout(Duration pollTimeout) {
			this.pollTimeout = pollTimeout;
		}

		public Duration getResyncInterval() {
			return this.resyncInterval;
		}

		public void setResyncInterval(Duration resyncInterval) {
			this.resyncInterval = resyncInterval;
		}

		public String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(String instanceId) {
			this.instanceId = instanceId;
		}

		/**
		 * The kinds of sync.
		 */
		public enum Type {

			/** No sync of its own (a Channel bean of the application is still used). */
			NONE,

			/** A Redis Stream and the latest value of each signal in Redis. */
			REDIS

		}

	}

}
