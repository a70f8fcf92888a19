package dev.philjs.spring.actuate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Disposable;
import dev.philjs.spring.actuate.endpoint.PhilJsEndpoint;
import dev.philjs.spring.actuate.endpoint.PhilJsEndpoint.InstanceDescriptor;
import dev.philjs.spring.actuate.endpoint.PhilJsEndpoint.StoreDescriptor;
import dev.philjs.spring.actuate.endpoint.PhilJsEndpoint.StoreDetailsDescriptor;
import dev.philjs.spring.actuate.endpoint.PhilJsEndpoint.StoresDescriptor;
import dev.philjs.spring.actuate.health.PhilJsHealthIndicator;
import dev.philjs.spring.autoconfigure.PhilJsActuatorAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code philjs} endpoint and health indicator, and the conditions of
 * {@link PhilJsActuatorAutoConfiguration}.
 */
class PhilJsActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
				PhilJsActuatorAutoConfiguration.class))
		.withUserConfiguration(ActuateTestStores.class)
		.withPropertyValues("management.endpoints.web.exposure.include=philjs");

	@Test
	void endpointListsStoresSignalsActionsAndLiveScopes() {
		this.runner.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			StoreInstance counter = registry.instance("counter", StoreScopeKey.NONE);
			Disposable subscription = counter.subscribe(new ActuateTestStores.GatedListener(new CountDownLatch(0)),
					null);
			registry.instance("cart", StoreScopeKey.ofSession("s1"));
			registry.instance("cart", StoreScopeKey.ofSession("s2"));
			registry.instance("search", new StoreScopeKey(() -> null, "r1", List::of));
			StoresDescriptor stores = context.getBean(PhilJsEndpoint.class).stores();
			assertThat(stores.stores()).containsOnlyKeys("counter", "cart", "search");
			StoreDescriptor described = stores.stores().get("counter");
			assertThat(described.scope()).isEqualTo("application");
			assertThat(described.shared()).isFalse();
			assertThat(described.signals()).containsOnlyKeys("count", "doubled", "label");
			assertThat(described.signals().get("count").writable()).isFalse();
			assertThat(described.signals().get("label").writable()).isTrue();
			assertThat(described.actions()).containsOnlyKeys("add");
			assertThat(described.actions().get("add").parameters()).containsExactly("amount");
			assertThat(described.live().instances()).isEqualTo(1);
			assertThat(described.live().subscribers()).isEqualTo(1);
			assertThat(stores.stores().get("cart").scope()).isEqualTo("session");
			assertThat(stores.stores().get("cart").live().instances()).isEqualTo(2);
			assertThat(stores.stores().get("search").scope()).isEqualTo("request");
			assertThat(stores.sessions().live()).isEqualTo(2);
			assertThat(stores.sessions().instances()).isEqualTo(2);
			assertThat(stores.requests().live()).isEqualTo(1);
			assertThat(stores.requests().instances()).isEqualTo(1);
			registry.endSession("s1");
			subscription.dispose();
			StoresDescriptor after = context.getBean(PhilJsEndpoint.class).stores();
			assertThat(after.sessions().live()).isEqualTo(1);
			assertThat(after.stores().get("counter").live().subscribers()).isZero();
		});
	}

	@Test
	void endpointJsonHasTheDocumentedShape() {
		this.runner.run((context) -> {
			context.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			JsonMapper mapper = JsonMapper.builder().build();
			JsonNode json = mapper.valueToTree(context.getBean(PhilJsEndpoint.class).stores());
			assertThat(json.propertyNames()).containsExactly("stores", "sessions", "requests");
			JsonNode counter = json.get("stores").get("counter");
			assertThat(counter.propertyNames()).containsExactly("scope", "shared", "readRule", "writeRule", "signals",
					"actions", "live");
			assertThat(counter.get("signals").get("label").get("writable").asBoolean()).isTrue();
			assertThat(counter.get("live").get("instances").asInt()).isEqualTo(1);
			assertThat(json.get("sessions").get("live").asInt()).isZero();
		});
	}

	@Test
	void selectorDescribesOneStoreWithEachInstanceAndHidesSessionIds() {
		this.runner.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			StoreInstance first = registry.instance("cart", StoreScopeKey.ofSession("SECRET-SESSION-1"));
			StoreInstance second = registry.instance("cart", StoreScopeKey.ofSession("SECRET-SESSION-2"));
			first.set(first.definition().signal("items"), List.of("pen"), null);
			StoreDetailsDescriptor details = context.getBean(PhilJsEndpoint.class).store("cart");
			assertThat(details).isNotNull();
			assertThat(details.name()).isEqualTo("cart");
			assertThat(details.store().live().instances()).isEqualTo(2);
			assertThat(details.instances()).hasSize(2);
			assertThat(details.instances()).extracting(InstanceDescriptor::version)
				.containsExactlyInAnyOrder(first.version(), second.version());
			assertThat(details.instances()).extracting(InstanceDescriptor::scopeId)
				.allSatisfy((id) -> assertThat(id).matches("session-[0-9a-f]{12}").doesNotContain("SECRET"))
				.doesNotHaveDuplicates();
			assertThat(JsonMapper.builder().build().writeValueAsString(details)).doesNotContain("SECRET");
			assertThat(context.getBean(PhilJsEndpoint.class).store("nope")).isNull();
		});
	}

	@Test
	void selectorShowsRequestIdsAndNoIdForApplicationStores() {
		this.runner.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			registry.instance("search", new StoreScopeKey(() -> null, "r-42", List::of));
			registry.instance("counter", StoreScopeKey.NONE);
			PhilJsEndpoint endpoint = context.getBean(PhilJsEndpoint.class);
			assertThat(endpoint.store("search").instances()).extracting(InstanceDescriptor::scopeId)
				.containsExactly("r-42");
			assertThat(endpoint.store("counter").instances()).singleElement()
				.satisfies((instance) -> assertThat(instance.scopeId()).isNull());
		});
	}

	@Test
	void endpointCountsConflatedDeliveries() {
		this.runner.withPropertyValues("philjs.stores.buffer-size=2").run((context) -> {
			StoreInstance counter = context.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			CountDownLatch gate = new CountDownLatch(1);
			ActuateTestStores.GatedListener slow = new ActuateTestStores.GatedListener(gate);
			counter.subscribe(slow, null);
			assertThat(slow.entered.await(30, TimeUnit.SECONDS)).as("first delivery started").isTrue();
			ActuateTestStores.CounterStore store = (ActuateTestStores.CounterStore) counter.target();
			for (int i = 0; i < 50; i++) {
				store.add(1);
			}
			gate.countDown();
			long last = counter.version();
			await().until(() -> slow.lastVersion == last);
			assertThat(counter.conflatedCount()).isPositive();
			assertThat(context.getBean(PhilJsEndpoint.class).stores().stores().get("counter").live().conflated())
				.isEqualTo(counter.conflatedCount());
		});
	}

	@Test
	void endpointIsNotCreatedUnlessExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class,
					PhilJsActuatorAutoConfiguration.class))
			.withUserConfiguration(ActuateTestStores.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PhilJsEndpoint.class)
				.hasSingleBean(PhilJsHealthIndicator.class));
	}

	@Test
	void endpointBacksOffWithoutActuatorOrForTheApplicationsOwn() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PhilJsEndpoint.class)
				.hasSingleBean(PhilJsHealthIndicator.class));
		this.runner.withUserConfiguration(OwnEndpointConfiguration.class)
			.run((context) -> assertThat(context).getBean(PhilJsEndpoint.class)
				.isSameAs(context.getBean(OwnEndpointConfiguration.class).endpoint));
	}

	@Test
	void healthIsUpWithCountsOfStoresAndLiveInstances() {
		this.runner.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			registry.instance("counter", StoreScopeKey.NONE);
			registry.instance("cart", StoreScopeKey.ofSession("s1"));
			registry.instance("search", new StoreScopeKey(() -> null, "r1", List::of));
			Health health = context.getBean(PhilJsHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails())
				.containsAllEntriesOf(Map.of("stores", 3, "instances", 3, "sessions", 1, "requests", 1))
				.containsOnlyKeys("stores", "instances", "sessions", "requests");
			registry.endRequest("r1");
			assertThat(context.getBean(PhilJsHealthIndicator.class).health().getDetails()).containsEntry("instances", 2)
				.containsEntry("requests", 0);
		});
	}

	@Test
	void healthIndicatorIsRegisteredAsPhilJs() {
		this.runner
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(HealthContributorRegistry.class).getContributor("philjs"))
				.isInstanceOf(PhilJsHealthIndicator.class));
	}

	@Test
	void healthIndicatorBacksOffWhenDisabledOrDeclared() {
		this.runner.withPropertyValues("management.health.philjs.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PhilJsHealthIndicator.class)
				.hasSingleBean(PhilJsEndpoint.class));
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PhilJsHealthIndicator.class));
		this.runner.withUserConfiguration(OwnHealthConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(PhilJsHealthIndicator.class);
			assertThat(context.getBean("philjsHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpointConfiguration {

		final PhilJsEndpoint endpoint;

		OwnEndpointConfiguration(StoreRegistry registry) {
			this.endpoint = new PhilJsEndpoint(registry);
		}

		@Bean
		PhilJsEndpoint ownEndpoint() {
			return this.endpoint;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHealthConfiguration {

		@Bean
		HealthIndicator philjsHealthIndicator() {
			return () -> Health.outOfService().build();
		}

	}

}
