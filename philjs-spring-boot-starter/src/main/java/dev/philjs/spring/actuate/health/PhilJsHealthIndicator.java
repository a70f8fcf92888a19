package dev.philjs.spring.actuate.health;

import dev.philjs.spring.store.StoreRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code philjs} health indicator: UP, with the number of stores, of live store
 * instances, and of sessions and requests that hold store instances.
 *
 * <p>
 * Thread safety: may be called from any thread; the counts are a moment's picture.
 *
 * @since 0.1.0
 */
public class PhilJsHealthIndicator extends AbstractHealthIndicator {

	private final StoreRegistry registry;

	/**
	 * Creates the indicator.
	 * @param registry the stores
	 */
	public PhilJsHealthIndicator(StoreRegistry registry) {
		super("PhilJS health check failed");
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up()
			.withDetail("stores", this.registry.definitions().size())
			.withDetail("instances", this.registry.liveInstances().size())
			.withDetail("sessions", this.registry.liveSessionCount())
			.withDetail("requests", this.registry.liveRequestCount());
	}

}
