package dev.philjs.spring.data.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.Subscription;
import dev.philjs.core.sync.Change;
import dev.philjs.core.sync.Channel;
import dev.philjs.core.sync.InMemoryChannel;
import dev.philjs.spring.actuate.health.RedisChannelHealthIndicator;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsMetricsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsRedisSyncAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsSyncAutoConfiguration;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreSync;
import dev.philjs.spring.store.Writable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The choice of {@code philjs.sync.type}, the channel and health beans, and the
 * replication rules of {@link StoreSync} (no echo, undecodable changes rejected) seen
 * through application contexts.
 */
class PhilJsSyncAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
				DataRedisAutoConfiguration.class, PhilJsRedisSyncAutoConfiguration.class,
				PhilJsSyncAutoConfiguration.class))
		.withBean(NotesStore.class);

	@Test
	void withoutSyncTypeSharedStoresStayLocalAndThereIsNoChannel() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(Channel.class);
			assertThat(context.getBean(StoreRegistry.class).sync()).isNull();
			context.getBean(NotesStore.class).text.set("local");
			assertThat(context.getBean(NotesStore.class).text.get()).isEqualTo("local");
		});
	}

	@Test
	void redisTypeDeclaresARedisChannelUsedByTheStoresWithAHealthIndicator() {
		onRedis("instance-1")
			.withConfiguration(AutoConfigurations
				.of(org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RedisChannel.class);
				StoreSync sync = context.getBean(StoreRegistry.class).sync();
				assertThat(sync).isNotNull();
				assertThat(sync.channel()).isSameAs(context.getBean(RedisChannel.class));
				assertThat(sync.origin()).isEqualTo("instance-1");
				RedisChannelHealthIndicator health = context.getBean(RedisChannelHealthIndicator.class);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
				assertThat(health.health(true).getDetails()).containsEntry("instanceId", "instance-1");
				RedisChannel channel = context.getBean(RedisChannel.class);
				context.getBean(NotesStore.class).text.set("to redis");
				await().atMost(WAIT).until(() -> channel.publishedCount() == 1);
			});
	}

	@Test
	void redisTypeWithoutAConnectionFactoryFailsStartupWithAnExplanation() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
					PhilJsRedisSyncAutoConfiguration.class, PhilJsSyncAutoConfiguration.class))
			.withBean(NotesStore.class)
			.withPropertyValues("philjs.sync.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("philjs.sync.type=redis needs Spring Data Redis"));
	}

	@Test
	void invalidInstanceIdFailsStartupNamingTheProperty() {
		this.runner.withBean(Channel.class, InMemoryChannel::new)
			.withPropertyValues("philjs.sync.instance-id=not valid")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("philjs.sync.instance-id"));
	}

	@Test
	void applicationChannelReplicatesBetweenTwoContextsWithoutEchoingRemoteChanges() {
		RecordingChannel channel = new RecordingChannel();
		ApplicationContextRunner shared = this.runner.withBean(Channel.class, () -> channel);
		shared.withPropertyValues("philjs.sync.instance-id=a")
			.run((a) -> shared.withPropertyValues("philjs.sync.instance-id=b").run((b) -> {
				NotesStore notesA = a.getBean(NotesStore.class);
				NotesStore notesB = b.getBean(NotesStore.class);
				notesA.text.set("from a");
				await().atMost(WAIT).until(() -> "from a".equals(notesB.text.get()));
				notesB.text.set(null);
				await().atMost(WAIT).until(() -> notesA.text.get() == null);
				assertThat(channel.published).extracting(Change::origin).containsExactly("a", "b");
				assertThat(channel.published).extracting(Change::version).containsExactly(1L, 2L);
			}));
	}

	@Test
	void changeThatDoesNotFitTheValueTypeIsRejectedAndChangesNothing() {
		RecordingChannel channel = new RecordingChannel();
		this.runner.withBean(Channel.class, () -> channel)
			.withPropertyValues("philjs.sync.instance-id=m")
			.run((context) -> {
				NotesStore notes = context.getBean(NotesStore.class);
				notes.count.set(5);
				await().atMost(WAIT).until(() -> channel.published.size() == 1);
				channel.publish(new Change("store/notes/count", 9, "z", "\"not a number\""));
				StoreSync sync = context.getBean(StoreRegistry.class).sync();
				assertThat(sync.rejectedCount()).isEqualTo(1);
				assertThat(notes.count.get()).isEqualTo(5);
				channel.publish(new Change("store/notes/count", 1, "a", "7"));
				assertThat(notes.count.get()).as("same version, smaller origin").isEqualTo(5);
				channel.publish(new Change("store/notes/count", 2, "a", "7"));
				assertThat(notes.count.get()).isEqualTo(7);
				notes.count.set(8);
				await().atMost(WAIT).until(() -> channel.published.size() == 5);
				assertThat(channel.published.get(4).version()).as("highest seen + 1").isEqualTo(3);
			});
	}

	@Test
	void syncMetersCountPublishedAppliedAndRejectedChangesPerInstance() {
		RecordingChannel channel = new RecordingChannel();
		ApplicationContextRunner metered = this.runner.withBean(Channel.class, () -> channel)
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, PhilJsMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class);
		metered.withPropertyValues("philjs.sync.instance-id=a")
			.run((a) -> metered.withPropertyValues("philjs.sync.instance-id=b").run((b) -> {
				MeterRegistry metersA = a.getBean(MeterRegistry.class);
				MeterRegistry metersB = b.getBean(MeterRegistry.class);
				a.getBean(NotesStore.class).text.set("from a");
				await().atMost(WAIT).until(() -> count(metersB, "philjs.sync.applied") == 1);
				assertThat(count(metersA, "philjs.sync.published")).isEqualTo(1);
				assertThat(count(metersB, "philjs.sync.published")).isZero();
				assertThat(count(metersA, "philjs.sync.applied")).as("its own change is not applied again").isZero();
				channel.publish(new Change("store/notes/count", 9, "z", "\"not a number\""));
				assertThat(count(metersA, "philjs.sync.rejected")).isEqualTo(1);
				assertThat(count(metersB, "philjs.sync.rejected")).isEqualTo(1);
				assertThat(metersA.find("philjs.sync.redis.connected").gauge()).as("no Redis channel").isNull();
			}));
	}

	@Test
	void redisChannelMetersShowTheConnectionAndTheStreamTraffic() {
		onRedis("metered")
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, PhilJsMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(WAIT).until(() -> meters.get("philjs.sync.redis.connected").gauge().value() == 1);
				context.getBean(NotesStore.class).text.set("to redis");
				await().atMost(WAIT).until(() -> count(meters, "philjs.sync.redis.written") == 1);
				assertThat(count(meters, "philjs.sync.published")).isEqualTo(1);
				await().atMost(WAIT).until(() -> count(meters, "philjs.sync.redis.received") >= 1);
				assertThat(meters.get("philjs.sync.redis.pending").gauge().value()).isZero();
				assertThat(count(meters, "philjs.sync.redis.failures")).isZero();
			});
	}

	/**
	 * The runner with {@code philjs.sync.type=redis} on the test Redis, under a key
	 * prefix of its own.
	 */
	private ApplicationContextRunner onRedis(String instanceId) {
		RedisStandaloneConfiguration redis = TestRedis.shared();
		return this.runner.withPropertyValues("philjs.sync.type=redis",
				"philjs.sync.key-prefix=" + TestRedis.randomPrefix(), "philjs.sync.instance-id=" + instanceId,
				"spring.data.redis.host=" + redis.getHostName(), "spring.data.redis.port=" + redis.getPort(),
				"spring.data.redis.timeout=2s", "philjs.sync.poll-timeout=500ms");
	}

	private static double count(MeterRegistry meters, String name) {
		return meters.get(name).functionCounter().count();
	}

	@Test
	void aChannelThatIsAnExecutorPreparesPublicationsOnItsOwnThread() {
		ExecutorChannel channel = new ExecutorChannel();
		try {
			this.runner.withBean(Channel.class, () -> channel)
				.withPropertyValues("philjs.sync.instance-id=e")
				.run((context) -> {
					NotesStore notes = context.getBean(NotesStore.class);
					notes.text.set("on the channel's thread");
					await().atMost(WAIT).until(() -> channel.published.size() == 1);
					assertThat(channel.publishingThreads).containsExactly("channel-thread");
					channel.rejecting = true;
					notes.text.set("on the delivery executor");
					await().atMost(WAIT).until(() -> channel.published.size() == 2);
					assertThat(channel.publishingThreads.get(1)).as("falls back while the channel refuses")
						.startsWith("philjs-delivery-");
					assertThat(channel.published).extracting(Change::payload)
						.containsExactly("\"on the channel's thread\"", "\"on the delivery executor\"");
				});
		}
		finally {
			channel.thread.shutdownNow();
		}
	}

	/** A channel with a thread of its own, like the Redis channel's worker. */
	static final class ExecutorChannel implements Channel, java.util.concurrent.Executor {

		final List<Change> published = new CopyOnWriteArrayList<>();

		final List<String> publishingThreads = new CopyOnWriteArrayList<>();

		final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors
			.newSingleThreadExecutor((task) -> new Thread(task, "channel-thread"));

		volatile boolean rejecting;

		private final InMemoryChannel delegate = new InMemoryChannel();

		@Override
		public void execute(Runnable task) {
			if (this.rejecting) {
				throw new java.util.concurrent.RejectedExecutionException("not running");
			}
			this.thread.execute(task);
		}

		@Override
		public void publish(Change change) {
			this.publishingThreads.add(Thread.currentThread().getName());
			this.published.add(change);
			this.delegate.publish(change);
		}

		@Override
		public Subscription subscribe(String key, java.util.function.Consumer<Change> listener) {
			return this.delegate.subscribe(key, listener);
		}

		@Override
		public java.util.Optional<Change> latest(String key) {
			return this.delegate.latest(key);
		}

	}

	/** An in-memory channel that records what is published through it. */
	static final class RecordingChannel implements Channel {

		final List<Change> published = new CopyOnWriteArrayList<>();

		private final InMemoryChannel delegate = new InMemoryChannel();

		@Override
		public void publish(Change change) {
			this.published.add(change);
			this.delegate.publish(change);
		}

		@Override
		public Subscription subscribe(String key, java.util.function.Consumer<Change> listener) {
			return this.delegate.subscribe(key, listener);
		}

		@Override
		public java.util.Optional<Change> latest(String key) {
			return this.delegate.latest(key);
		}

	}

	/** A shared store. */
	@PhilStore(name = "notes", shared = true)
	static class NotesStore {

		@Writable
		final Signal<String> text = Reactive.signal("");

		final Signal<Integer> count = Reactive.signal(0);

	}

}
