package dev.philjs.spring.actuate.health;

import java.util.Objects;
import java.util.function.IntSupplier;

import dev.philjs.core.persist.StateStorage;
import dev.philjs.core.persist.StorageException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code philjsPersistence} health indicator: UP when the {@link StateStorage}
 * answers a cheap probe (a read of one key that is never written: one {@code GET} on
 * Redis, one missing file on disk), DOWN with the error when it does not. Either way the
 * {@code pendingWrites} detail counts the persisted values whose latest change is not
 * stored yet (waiting for their debounce, for a retry, or in flight): while the storage
 * is down they stay in memory and are retried, and this number says how much a hard kill
 * would lose.
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

	private final IntSupplier pendingWrites;

	/**
	 * Creates the indicator without a count of pending writes (reported as 0).
	 * @param storage the storage to probe
	 */
	public StateStorageHealthIndicator(StateStorage storage) {
		this(storage, () -> 0);
	}

	/**
	 * Creates the indicator.
	 * @param storage the storage to probe
	 * @param pendingWrites counts the values not stored yet; must not block on I/O
	 */
	public StateStorageHealthIndicator(StateStorage storage, IntSupplier pendingWrites) {
		super("PhilJS persistence health check failed");
		this.storage = Objects.requireNonNull(storage, "storage must not be null");
		this.pendingWrites = Objects.requireNonNull(pendingWrites, "pendingWrites must not be null");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("storage", this.storage.toString());
		builder.withDetail("pendingWrites", this.pendingWrites.getAsInt());
		try {
			this.storage.get(PROBE_KEY);
			builder.up();
		}
		catch (StorageException ex) {
			builder.down(ex);
		}
	}

}
