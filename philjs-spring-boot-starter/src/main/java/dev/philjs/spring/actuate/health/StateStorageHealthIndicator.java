package dev.philjs.spring.actuate.health;

import java.util.Objects;

import dev.philjs.core.persist.StateStorage;
import dev.philjs.core.persist.StorageException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code philjsPersistence} health indicator: UP when the {@link StateStorage}
 * answers a cheap probe (a read of one key that is never written: one {@code GET} on
 * Redis, one missing file on disk), DOWN with the error when it does not.
 *
 * <p>
 * Thread safety: may be called from any thread. A check takes as long as one read of the
 * storage; for Redis that is at most the connection factory's command timeout.
 *
 * @since 0.1.0
 */
public class StateStorageHealthIndicator extends AbstractHealthIndicator {

	/** The key that the probe reads; nothing ever writes it. */
	public static final String PROBE_KEY = "philjs-health-probe";

	private final StateStorage storage;

	/**
	 * Creates the indicator.
	 * @param storage the storage to probe
	 */
	public StateStorageHealthIndicator(StateStorage storage) {
		super("PhilJS persistence health check failed");
		this.storage = Objects.requireNonNull(storage, "storage must not be null");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("storage", this.storage.toString());
		try {
			this.storage.get(PROBE_KEY);
			builder.up();
		}
		catch (StorageException ex) {
			builder.down(ex);
		}
	}

}
