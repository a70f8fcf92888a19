package dev.philjs.spring.data.redis;

import java.io.IOException;
import java.time.Duration;

import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsRedisSyncAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsSyncAutoConfiguration;
import dev.philjs.spring.data.redis.PhilJsSyncAutoConfigurationTests.NotesStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared stores synchronized through a Redis Cluster
 * ({@code spring.data.redis.cluster.nodes}): with the default key prefix, whose hash tag
 * keeps the stream and the latest values in one slot, two instances share a store; a
 * prefix without a hash tag, which the cluster would refuse on the first publication
 * ({@code CROSSSLOT}), fails startup instead.
 */
class RedisClusterSyncIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static ClusterRedis cluster;

	@BeforeAll
	static void startCluster() {
		cluster = ClusterRedis.start();
	}

	@AfterAll
	static void stopCluster() throws IOException {
		cluster.close();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
					DataRedisAutoConfiguration.class, PhilJsRedisSyncAutoConfiguration.class,
					PhilJsSyncAutoConfiguration.class))
			.withBean(NotesStore.class)
			.withPropertyValues("philjs.sync.type=redis", "spring.data.redis.cluster.nodes=" + cluster.node(),
					"spring.data.redis.timeout=2s", "philjs.sync.poll-timeout=500ms");
	}

	@Test
	void twoInstancesShareAStoreThroughTheClusterWithTheDefaultPrefix() {
		ApplicationContextRunner runner = runner();
		runner.withPropertyValues("philjs.sync.instance-id=a")
			.run((a) -> runner.withPropertyValues("philjs.sync.instance-id=b").run((b) -> {
				assertThat(a).hasNotFailed();
				assertThat(b).hasNotFailed();
				RedisChannel channelA = a.getBean(RedisChannel.class);
				assertThat(channelA.streamKey()).isEqualTo("{philjs:sync}:stream");
				a.getBean(NotesStore.class).text.set("through the cluster");
				await().atMost(WAIT).until(() -> "through the cluster".equals(b.getBean(NotesStore.class).text.get()));
				b.getBean(NotesStore.class).count.set(3);
				await().atMost(WAIT).until(() -> a.getBean(NotesStore.class).count.get() == 3);
				assertThat(channelA.failureCount()).isZero();
				assertThat(b.getBean(RedisChannel.class).failureCount()).isZero();
			}));
	}

	@Test
	void aLateInstanceCatchesUpFromTheLatestValuesOnTheCluster() {
		ApplicationContextRunner runner = runner().withPropertyValues("philjs.sync.key-prefix={late-test}:");
		runner.withPropertyValues("philjs.sync.instance-id=first").run((first) -> {
			first.getBean(NotesStore.class).text.set("written before the second started");
			await().atMost(WAIT).until(() -> first.getBean(RedisChannel.class).publishedCount() == 1);
		});
		runner.withPropertyValues("philjs.sync.instance-id=second")
			.run((second) -> await().atMost(WAIT)
				.until(() -> "written before the second started".equals(second.getBean(NotesStore.class).text.get())));
	}

	@Test
	void aPrefixWithoutAHashTagFailsStartupOnACluster() {
		runner().withPropertyValues("philjs.sync.key-prefix=philjs:sync:")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hash tag")
				.hasMessageContaining("philjs.sync.key-prefix"));
	}

	@Test
	void aHashTagIsTheFirstBracePairWithSomethingBetween() {
		assertThat(RedisChannel.hasHashTag("{philjs:sync}:")).isTrue();
		assertThat(RedisChannel.hasHashTag("app:{orders}:sync:")).isTrue();
		assertThat(RedisChannel.hasHashTag("}{x}")).isTrue();
		assertThat(RedisChannel.hasHashTag("philjs:sync:")).isFalse();
		assertThat(RedisChannel.hasHashTag("{}philjs:")).as("empty: Redis hashes the whole key").isFalse();
		assertThat(RedisChannel.hasHashTag("philjs:{sync:")).isFalse();
	}

}
