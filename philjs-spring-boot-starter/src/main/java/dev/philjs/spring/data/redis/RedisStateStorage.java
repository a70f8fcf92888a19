package dev.philjs.spring.data.redis;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.philjs.core.persist.StateStorage;
import dev.philjs.core.persist.StorageException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A {@link StateStorage} in Redis: each key is a Redis string named by a fixed prefix
 * (such as {@code philjs:}) followed by the key, so that several applications, or several
 * storages of one application, can share a Redis database without seeing each other's
 * keys.
 *
 * <p>
 * {@link #keys()} and {@link #keys(String)} walk the keyspace with {@code SCAN} (never
 * {@code KEYS}, which blocks the server), matching only the keys under the prefix; like
 * every {@code SCAN}, a key added or removed during the walk may or may not be seen.
 *
 * <p>
 * Thread safety: every method may be called from any thread (the template's connection
 * factory is thread safe); each operation is one atomic Redis command. Any failure of
 * Redis or of the connection (including a command timeout) is thrown as a
 * {@link StorageException} naming the key; how long a command waits for a lost connection
 * is the connection factory's command timeout ({@code spring.data.redis.timeout}).
 *
 * @since 0.1.0
 */
public final class RedisStateStorage implements StateStorage {

	/** How many keys one {@code SCAN} step asks for. */
	private static final long SCAN_COUNT = 500;

	private final StringRedisTemplate template;

	private final String prefix;

	/**
	 * Creates a storage whose keys live under {@code prefix}.
	 * @param template the template that talks to Redis
	 * @param prefix the prefix of every Redis key of this storage, such as
	 * {@code philjs:}; may be empty
	 */
	public RedisStateStorage(StringRedisTemplate template, String prefix) {
		this.template = Objects.requireNonNull(template, "template must not be null");
		this.prefix = Objects.requireNonNull(prefix, "prefix must not be null");
	}

	/**
	 * Returns the prefix of every Redis key of this storage.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * Returns the Redis key that holds {@code key}.
	 * @param key a storage key
	 * @return the prefix followed by {@code key}
	 */
	public String redisKey(String key) {
		Objects.requireNonNull(key, "key must not be null");
		return this.prefix + key;
	}

	@Override
	public Optional<String> get(String key) {
		String redisKey = redisKey(key);
		return Optional.ofNullable(call("read", key, () -> this.template.opsForValue().get(redisKey)));
	}

	@Override
	public void set(String key, String value) {
		String redisKey = redisKey(key);
		Objects.requireNonNull(value, "value must not be null");
		call("write", key, () -> {
			this.template.opsForValue().set(redisKey, value);
			return null;
		});
	}

	@Override
	public void remove(String key) {
		String redisKey = redisKey(key);
		call("remove", key, () -> this.template.delete(redisKey));
	}

	@Override
	public Set<String> keys() {
		return keys("");
	}

	@Override
	public Set<String> keys(String prefix) {
		Objects.requireNonNull(prefix, "prefix must not be null");
		String start = this.prefix + prefix;
		ScanOptions options = ScanOptions.scanOptions().match(glob(start) + "*").count(SCAN_COUNT).build();
		Set<String> keys = call("list keys of", null, () -> {
			Set<String> found = new HashSet<>();
			try (Cursor<String> cursor = this.template.scan(options)) {
				while (cursor.hasNext()) {
					String redisKey = cursor.next();
					if (redisKey.startsWith(start)) {
						found.add(redisKey.substring(this.prefix.length()));
					}
				}
			}
			return found;
		});
		return (keys != null) ? keys : Set.of();
	}

	/**
	 * Escapes the glob characters of {@code text} so that a {@code MATCH} pattern matches
	 * it literally.
	 */
	static String glob(String text) {
		StringBuilder pattern = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				pattern.append('\\');
			}
			pattern.append(c);
		}
		return pattern.toString();
	}

	private <T> @Nullable T call(String what, @Nullable String key, Supplier<@Nullable T> operation) {
		try {
			return operation.get();
		}
		catch (DataAccessException ex) {
			String target = (key != null) ? "'" + key + "'" : "'" + this.prefix + "*'";
			throw new StorageException("Cannot " + what + " " + target + " in Redis: " + ex.getMessage(), key, ex);
		}
	}

	@Override
	public String toString() {
		return "RedisStateStorage[" + this.prefix + "]";
	}

}
