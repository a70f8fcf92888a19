package dev.philjs.spring.autoconfigure;

import dev.philjs.spring.actuate.metrics.PhilJsMetrics;
import dev.philjs.spring.data.redis.RedisChannel;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.web.StoreEventStreams;
import dev.philjs.spring.websocket.StoreWebSocketHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of PhilJS metrics: {@link PhilJsMetrics}, bound to the application's
 * meter registries and told about every write and action call of the
 * {@link StoreService}, when Micrometer is present and a {@link MeterRegistry} bean
 * exists. Backs off when the application declares its own {@code PhilJsMetrics}. Adds
 * gauges of the SSE streams and WebSocket connections, and, with
 * {@code philjs.sync.type=redis}, of the Redis sync channel:
 * <ul>
 * <li>{@code philjs.sync.redis.connected} (gauge): 1 while the channel reads and writes
 * Redis, 0 while it is cut off;</li>
 * <li>{@code philjs.sync.redis.pending} (gauge): changes waiting to be written;</li>
 * <li>{@code philjs.sync.redis.written}, {@code philjs.sync.redis.received} and
 * {@code philjs.sync.redis.failures} (counters): changes written to the stream, stream
 * entries read, failed reads and writes of Redis.</li>
 * </ul>
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { PhilJsAutoConfiguration.class, PhilJsRedisSyncAutoConfiguration.class }, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, StoreRegistry.class })
public final class PhilJsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PhilJsMetrics philjsMetrics(StoreRegistry registry, ObjectProvider<StoreService> storeService) {
		PhilJsMetrics metrics = new PhilJsMetrics(registry);
		storeService.ifAvailable((service) -> service.addListener(metrics));
		return metrics;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
	static class SseMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "philjsSseMeterBinder")
		MeterBinder philjsSseMeterBinder(ObjectProvider<StoreEventStreams> streams) {
			return (meterRegistry) -> {
				Gauge.builder("philjs.sse.streams", streams, (provider) -> {
					StoreEventStreams current = provider.getIfAvailable();
					return (current != null) ? current.openStreams() : 0;
				}).description("Open SSE streams").strongReference(true).register(meterRegistry);
				Gauge.builder("philjs.sse.stalled", streams, (provider) -> {
					StoreEventStreams current = provider.getIfAvailable();
					return (current != null) ? current.stalledStreams() : 0;
				})
					.description("Open SSE streams whose client is not reading (not writable)")
					.strongReference(true)
					.register(meterRegistry);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.socket.WebSocketHandler")
	static class WebSocketMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "philjsWebSocketMeterBinder")
		MeterBinder philjsWebSocketMeterBinder(ObjectProvider<StoreWebSocketHandler> handler) {
			return (meterRegistry) -> {
				Gauge.builder("philjs.websocket.connections", handler, (provider) -> {
					StoreWebSocketHandler current = provider.getIfAvailable();
					return (current != null) ? current.connectionCount() : 0;
				}).description("Open WebSocket connections").strongReference(true).register(meterRegistry);
				Gauge.builder("philjs.websocket.subscriptions", handler, (provider) -> {
					StoreWebSocketHandler current = provider.getIfAvailable();
					return (current != null) ? current.subscriptionCount() : 0;
				}).description("Store subscriptions over WebSocket").strongReference(true).register(meterRegistry);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.stream.StreamMessageListenerContainer")
	@ConditionalOnBean(RedisChannel.class)
	static class RedisSyncMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "philjsRedisSyncMeterBinder")
		MeterBinder philjsRedisSyncMeterBinder(RedisChannel channel) {
			return (meterRegistry) -> {
				Gauge.builder("philjs.sync.redis.connected", channel, (c) -> c.isConnected() ? 1 : 0)
					.description("1 while the sync channel reads and writes Redis, 0 while it is cut off")
					.strongReference(true)
					.register(meterRegistry);
				Gauge.builder("philjs.sync.redis.pending", channel, RedisChannel::pendingCount)
					.description("Changes of shared signals waiting to be written to Redis")
					.strongReference(true)
					.register(meterRegistry);
				FunctionCounter.builder("philjs.sync.redis.written", channel, RedisChannel::publishedCount)
					.description("Changes of shared signals written to the Redis stream")
					.register(meterRegistry);
				FunctionCounter.builder("philjs.sync.redis.received", channel, RedisChannel::receivedCount)
					.description("Entries read from the Redis stream")
					.register(meterRegistry);
				FunctionCounter.builder("philjs.sync.redis.failures", channel, RedisChannel::failureCount)
					.description("Failed reads and writes of Redis by the sync channel")
					.register(meterRegistry);
			};
		}

	}

}
