package dev.philjs.spring.data.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.philjs.core.persist.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisStateStorage} against a real Redis: the storage contract, prefix isolation,
 * SCAN-based key listing, and failure and recovery when Redis stops and comes back.
 */
class RedisStateStorageTests {

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private StringRedisTemplate template;

	private String prefix;

	@BeforeEach
	void connect() {
		this.template = template(TestRedis.connectionFactory(TestRedis.shared(), Duration.ofSeconds(5)));
		this.prefix = TestRedis.randomPrefix();
	}

	@AfterEach
	void cleanUp() {
		if (this.template != null && this.prefix != null) {
			RedisStateStorage all = new RedisStateStorage(this.template, this.prefix);
			all.keys().forEach(all::remove);
		}
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	private StringRedisTemplate template(LettuceConnectionFactory factory) {
		this.factories.add(factory);
		StringRedisTemplate template = new StringRedisTemplate(factory);
		template.afterPropertiesSet();
		return template;
	}

	@Test
	@DisplayName("set, get, overwrite and remove round-trip through Redis strings under the prefix")
	void roundTrip() {
		RedisStateStorage storage = new RedisStateStorage(this.template, this.prefix);
		assertThat(storage.get("cart")).isEmpty();
		storage.set("cart", "{\"items\":[1,2]}");
		assertThat(storage.get("cart")).contains("{\"items\":[1,2]}");
		assertThat(this.template.opsForValue().get(this.prefix + "cart")).isEqualTo("{\"items\":[1,2]}");
		storage.set("cart", "{\"items\":[]}");
		assertThat(storage.get("cart")).contains("{\"items\":[]}");
		storage.set("", "empty key");
		storage.set("unicode ключ *?[x]", "значение ✓");
		assertThat(storage.get("")).contains("empty key");
		assertThat(storage.get("unicode ключ *?[x]")).contains("значение ✓");
		storage.remove("cart");
		storage.remove("never-there");
		assertThat(storage.get("cart")).isEmpty();
		assertThat(this.template.hasKey(this.prefix + "cart")).isFalse();
	}

	@Test
	@DisplayName("two storages on different prefixes never see each other's keys")
	void prefixIsolation() {
		RedisStateStorage first = new RedisStateStorage(this.template, this.prefix + "a:");
		RedisStateStorage second = new RedisStateStorage(this.template, this.prefix + "b:");
		first.set("k", "1");
		second.set("k", "2");
		second.set("only-b", "3");
		assertThat(first.get("k")).contains("1");
		assertThat(second.get("k")).contains("2");
		assertThat(first.get("only-b")).isEmpty();
		assertThat(first.keys()).containsExactlyInAnyOrder("k");
		assertThat(second.keys()).containsExactlyInAnyOrder("k", "only-b");
		first.remove("k");
		assertThat(second.get("k")).contains("2");
	}

	@Test
	@DisplayName("keys() and keys(prefix) list by SCAN only the keys under the prefix, glob characters taken literally")
	void keysByPrefix() {
		RedisStateStorage storage = new RedisStateStorage(this.template, this.prefix);
		RedisStateStorage other = new RedisStateStorage(this.template, this.prefix + "x");
		for (int i = 0; i < 1200; i++) {
			storage.set("store:counter:" + i, Integer.toString(i));
		}
		storage.set("store:cart:1", "a");
		storage.set("s*ore:weird", "b");
		storage.set("store?x", "c");
		other.set("store:counter:0", "other");
		assertThat(storage.keys()).hasSize(1203 + 1).contains("xstore:counter:0", "s*ore:weird", "store?x");
		assertThat(storage.keys("store:counter:")).hasSize(1200).contains("store:counter:0", "store:counter:1199");
		assertThat(storage.keys("store:cart:")).containsExactly("store:cart:1");
		assertThat(storage.keys("s*")).containsExactly("s*ore:weird");
		assertThat(storage.keys("store?")).containsExactly("store?x");
		assertThat(storage.keys("nothing")).isEmpty();
		assertThat(other.keys()).containsExactly("store:counter:0");
	}

	@Test
	@DisplayName("a stopped Redis gives StorageException naming the key; after a restart the storage works again")
	void stoppedRedisFailsWithStorageExceptionAndRecovers() {
		try (StoppableRedis redis = new StoppableRedis().start()) {
			StringRedisTemplate template = template(
					TestRedis.connectionFactory(redis.configuration(), Duration.ofMillis(500)));
			RedisStateStorage storage = new RedisStateStorage(template, this.prefix);
			storage.set("k", "before");
			assertThat(storage.get("k")).contains("before");

			redis.stop();
			assertThatExceptionOfType(StorageException.class).isThrownBy(() -> storage.get("k")).satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("'k'");
				assertThat(ex.key()).contains("k");
			});
			assertThatExceptionOfType(StorageException.class).isThrownBy(() -> storage.set("k", "during"));
			assertThatExceptionOfType(StorageException.class).isThrownBy(() -> storage.remove("k"));
			assertThatExceptionOfType(StorageException.class).isThrownBy(storage::keys);

			redis.start();
			await().atMost(Duration.ofSeconds(20)).ignoreException(StorageException.class).untilAsserted(() -> {
				storage.set("k", "after");
				assertThat(storage.get("k")).contains("after");
			});
			assertThat(storage.keys()).containsExactly("k");
		}
	}

}
