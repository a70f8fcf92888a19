package dev.philjs.spring.actuate;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Disposable;
import dev.philjs.spring.actuate.metrics.PhilJsMetrics;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsMetricsAutoConfiguration;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.StoreService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * PhilJS meters in a {@link SimpleMeterRegistry}, and the conditions of
 * {@link PhilJsMetricsAutoConfiguration}.
 */
class PhilJsMetricsAutoConfigurationTests {

	private static final StoreCaller CALLER = new StoreCaller(null, new StoreScopeKey(() -> "s1", "r1", List::of));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MetricsAutoConfiguration.class,
				PhilJsAutoConfiguration.class, PhilJsMetricsAutoConfiguration.class))
		.withUserConfiguration(ActuateTestStores.class, MeterRegistryConfiguration.class);

	@Test
	void gaugesCountStoresInstancesAndSubscribers() {
		this.runner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			assertThat(meters.get("philjs.stores").gauge().value()).isEqualTo(3);
			assertThat(instances(meters, "application")).isZero();
			StoreInstance counter = registry.instance("counter", StoreScopeKey.NONE);
			registry.instance("cart", StoreScopeKey.ofSession("a"));
			registry.instance("cart", StoreScopeKey.ofSession("b"));
			registry.instance("search", new StoreScopeKey(() -> null, "r", List::of));
			assertThat(instances(meters, "application")).isEqualTo(1);
			assertThat(instances(meters, "session")).isEqualTo(2);
			assertThat(instances(meters, "request")).isEqualTo(1);
			assertThat(meters.get("philjs.subscribers").gauge().value()).isZero();
			Disposable first = counter.subscribe(new ActuateTestStores.GatedListener(new CountDownLatch(0)), null);
			counter.subscribe(new ActuateTestStores.GatedListener(new CountDownLatch(0)), null);
			assertThat(meters.get("philjs.subscribers").gauge().value()).isEqualTo(2);
			first.dispose();
			registry.endSession("a");
			assertThat(meters.get("philjs.subscribers").gauge().value()).isEqualTo(1);
			assertThat(instances(meters, "session")).isEqualTo(1);
		});
	}

	@Test
	void effectRunsAreCountedAndTransportGaugesAreRegistered() {
		this.runner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			StoreService service = context.getBean(StoreService.class);
			double before = meters.get("philjs.effect.runs").functionCounter().count();
			service.registry().instance("counter", StoreScopeKey.NONE);
			service.set("counter", "label", JsonNodeFactory.instance.stringNode("x"), null, CALLER);
			assertThat(meters.get("philjs.effect.runs").functionCounter().count()).isGreaterThan(before);
			assertThat(meters.get("philjs.sse.streams").gauge().value()).isZero();
			assertThat(meters.get("philjs.sse.stalled").gauge().value()).isZero();
			assertThat(meters.get("philjs.websocket.connections").gauge().value()).isZero();
			assertThat(meters.get("philjs.websocket.subscriptions").gauge().value()).isZero();
		});
	}

	@Test
	void writesAndActionsAreCountedByStoreAndOutcome() {
		this.runner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			StoreService service = context.getBean(StoreService.class);
			JsonNodeFactory json = JsonNodeFactory.instance;
			service.set("counter", "label", json.stringNode("a"), null, CALLER);
			service.set("counter", "label", json.stringNode("b"), null, CALLER);
			service.set("cart", "items", json.arrayNode().add("pen"), null, CALLER);
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.set("counter", "count", json.numberNode(1), null, CALLER));
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.set("counter", "label", json.stringNode("c"), 1L, CALLER));
			service.call("counter", "add", json.arrayNode().add(5), null, CALLER);
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.call("counter", "add", json.arrayNode().add("five"), null, CALLER));
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.call("nope", "add", null, null, CALLER));
			assertThat(count(meters, "philjs.writes", "counter", "success")).isEqualTo(2);
			assertThat(count(meters, "philjs.writes", "cart", "success")).isEqualTo(1);
			assertThat(count(meters, "philjs.writes", "counter", "forbidden")).isEqualTo(1);
			assertThat(count(meters, "philjs.writes", "counter", "version_conflict")).isEqualTo(1);
			assertThat(count(meters, "philjs.actions", "counter", "success")).isEqualTo(1);
			assertThat(count(meters, "philjs.actions", "counter", "bad_request")).isEqualTo(1);
			assertThat(meters.find("philjs.actions").tag("store", "nope").meters())
				.as("unknown store names from clients never become tags")
				.isEmpty();
		});
	}

	@Test
	void conflatedDeliveriesAreCountedAndNeverGoDownWhenInstancesEnd() {
		this.runner.withPropertyValues("philjs.stores.buffer-size=2").run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			assertThat(conflated(meters)).isZero();
			StoreInstance cart = registry.instance("cart", StoreScopeKey.ofSession("s1"));
			CountDownLatch gate = new CountDownLatch(1);
			ActuateTestStores.GatedListener slow = new ActuateTestStores.GatedListener(gate);
			cart.subscribe(slow, null);
			assertThat(slow.entered.await(30, TimeUnit.SECONDS)).as("first delivery started").isTrue();
			ActuateTestStores.CartStore store = (ActuateTestStores.CartStore) cart.target();
			for (int i = 0; i < 50; i++) {
				store.items.set(List.of("item" + i));
			}
			gate.countDown();
			long last = cart.version();
			await().until(() -> slow.lastVersion == last);
			long conflated = cart.conflatedCount();
			assertThat(conflated).isPositive();
			assertThat(conflated(meters)).isEqualTo(conflated);
			registry.endSession("s1");
			assertThat(conflated(meters)).as("the ended session's conflations still count").isEqualTo(conflated);
		});
	}

	@Test
	void backsOffWithoutMicrometerWithoutAMeterRegistryOrForTheApplicationsOwn() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PhilJsMetrics.class));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
					PhilJsMetricsAutoConfiguration.class))
			.withUserConfiguration(ActuateTestStores.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PhilJsMetrics.class));
		this.runner.withUserConfiguration(OwnMetricsConfiguration.class)
			.run((context) -> assertThat(context).getBean(PhilJsMetrics.class).isSameAs(context.getBean("ownMetrics")));
	}

	private static double instances(MeterRegistry meters, String scope) {
		return meters.get("philjs.store.instances").tag("scope", scope).gauge().value();
	}

	private static double count(MeterRegistry meters, String name, String store, String outcome) {
		FunctionCounter counter = meters.get(name).tag("store", store).tag("outcome", outcome).functionCounter();
		return counter.count();
	}

	private static double conflated(MeterRegistry meters) {
		return meters.get("philjs.deliveries.conflated").functionCounter().count();
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMetricsConfiguration {

		@Bean
		PhilJsMetrics ownMetrics(StoreRegistry registry) {
			return new PhilJsMetrics(registry);
		}

	}

}
