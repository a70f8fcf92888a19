package dev.philjs.spring.actuate.metrics;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreDefinition;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.StoreServiceListener;
import dev.philjs.spring.store.StoreSync;
import dev.philjs.core.Reactive;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of PhilJS stores.
 *
 * <ul>
 * <li>{@code philjs.stores} (gauge): stores declared;</li>
 * <li>{@code philjs.store.instances} (gauge, tag {@code scope}): live store
 * instances;</li>
 * <li>{@code philjs.subscribers} (gauge): live SSE and WebSocket subscriptions, over all
 * instances;</li>
 * <li>{@code philjs.deliveries.conflated} (counter): deliveries replaced by a snapshot
 * because a subscriber fell behind;</li>
 * <li>{@code philjs.writes} and {@code philjs.actions} (counters, tags {@code store} and
 * {@code outcome}): signal sets and action calls by clients, with {@code outcome}
 * {@code success}, the error code of the {@link StoreException} that refused it (for
 * example {@code forbidden}, {@code bad_request}, {@code version_conflict}), or
 * {@code error} for any other failure;</li>
 * <li>{@code philjs.sync.published}, {@code philjs.sync.applied} and
 * {@code philjs.sync.rejected} (counters, only when shared stores are synchronized):
 * changes of shared signals this instance handed to the channel, changes from other
 * instances it applied, and changes from other instances it refused because they did not
 * decode to the signal's type.</li>
 * </ul>
 * Writes and calls are counted through {@link StoreServiceListener}: register this object
 * with the {@code StoreService}. Tags take only bounded values (declared store names, a
 * fixed set of outcomes), never client input.
 *
 * <p>
 * The conflated counter adds up the counts of live instances and remembers the counts of
 * instances it saw live at the previous reading once they are gone, so it never goes
 * down; deliveries conflated by an instance created and disposed between two readings are
 * not counted.
 *
 * <p>
 * Thread safety: every method may be called from any thread.
 *
 * @since 0.1.0
 */
public class PhilJsMetrics implements MeterBinder, StoreServiceListener {

	private final StoreRegistry registry;

	private final List<MeterRegistry> meterRegistries = new CopyOnWriteArrayList<>();

	private final Map<CounterKey, LongAdder> counters = new ConcurrentHashMap<>();

	private final Object conflatedLock = new Object();

	private Set<StoreInstance> seen = Collections.newSetFromMap(new IdentityHashMap<>());

	private long retiredConflated;

	/**
	 * Creates the meters' source.
	 * @param registry the stores
	 */
	public PhilJsMetrics(StoreRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		Gauge.builder("philjs.stores", this.registry, (r) -> r.definitions().size())
			.description("Stores declared")
			.strongReference(true)
			.register(meterRegistry);
		for (StoreScope scope : StoreScope.values()) {
			Gauge.builder("philjs.store.instances", this, (metrics) -> metrics.liveInstances(scope))
				.description("Live store instances")
				.tag("scope", scope.name().toLowerCase(Locale.ROOT))
				.strongReference(true)
				.register(meterRegistry);
		}
		Gauge.builder("philjs.subscribers", this, PhilJsMetrics::subscribers)
			.description("Live subscriptions to store instances (SSE and WebSocket)")
			.strongReference(true)
			.register(meterRegistry);
		FunctionCounter.builder("philjs.effect.runs", this, (metrics) -> Reactive.effectRuns())
			.description("Effect runs of the reactive graph (including store watchers and listeners)")
			.register(meterRegistry);
		FunctionCounter.builder("philjs.deliveries.conflated", this, PhilJsMetrics::conflated)
			.description("Deliveries replaced by a snapshot because the subscriber fell behind")
			.register(meterRegistry);
		StoreSync sync = this.registry.sync();
		if (sync != null) {
			FunctionCounter.builder("philjs.sync.published", sync, StoreSync::publishedCount)
				.description("Changes of shared signals handed to the sync channel by this instance")
				.register(meterRegistry);
			FunctionCounter.builder("philjs.sync.applied", sync, StoreSync::appliedCount)
				.description("Changes of shared signals from other instances applied here")
				.register(meterRegistry);
			FunctionCounter.builder("philjs.sync.rejected", sync, StoreSync::rejectedCount)
				.description("Changes from other instances refused because they did not decode to the signal's type, "
						+ "or their merge threw")
				.register(meterRegistry);
		}
		synchronized (this.counters) {
			this.meterRegistries.add(meterRegistry);
			this.counters.forEach((key, count) -> register(key, count, meterRegistry));
		}
	}

	@Override
	public void signalSet(StoreDefinition store, String signal, StoreCaller caller,
			@Nullable RuntimeException failure) {
		count("philjs.writes", "Signal writes by clients", store, failure);
	}

	@Override
	public void actionCalled(StoreDefinition store, String action, StoreCaller caller,
			@Nullable RuntimeException failure) {
		count("philjs.actions", "Action calls by clients", store, failure);
	}

	private void count(String name, String description, StoreDefinition store, @Nullable RuntimeException failure) {
		String outcome = (failure == null) ? "success"
				: (failure instanceof StoreException storeException) ? storeException.kind().code() : "error";
		CounterKey key = new CounterKey(name, description, store.name(), outcome);
		LongAdder count = this.counters.get(key);
		if (count == null) {
			LongAdder created = new LongAdder();
			count = this.counters.putIfAbsent(key, created);
			if (count == null) {
				count = created;
				// bindTo registers every known counter under the same lock, so a counter
				// created while a registry is being bound is registered exactly once
				synchronized (this.counters) {
					for (MeterRegistry meterRegistry : this.meterRegistries) {
						register(key, created, meterRegistry);
					}
				}
			}
		}
		count.increment();
	}

	private static void register(CounterKey key, LongAdder count, MeterRegistry meterRegistry) {
		FunctionCounter.builder(key.name(), count, LongAdder::doubleValue)
			.description(key.description())
			.tag("store", key.store())
			.tag("outcome", key.outcome())
			.register(meterRegistry);
	}

	private double liveInstances(StoreScope scope) {
		int count = 0;
		for (StoreInstance instance : this.registry.liveInstances()) {
			if (instance.definition().scope() == scope) {
				count++;
			}
		}
		return count;
	}

	private double subscribers() {
		long count = 0;
		for (StoreInstance instance : this.registry.liveInstances()) {
			count += instance.subscriberCount();
		}
		return count;
	}

	private double conflated() {
		synchronized (this.conflatedLock) {
			List<StoreInstance> live = this.registry.liveInstances();
			Set<StoreInstance> now = Collections.newSetFromMap(new IdentityHashMap<>());
			now.addAll(live);
			for (StoreInstance gone : this.seen) {
				if (!now.contains(gone)) {
					this.retiredConflated += gone.conflatedCount();
				}
			}
			this.seen = now;
			long total = this.retiredConflated;
			for (StoreInstance instance : live) {
				total += instance.conflatedCount();
			}
			return total;
		}
	}

	private record CounterKey(String name, String description, String store, String outcome) {
	}

}
