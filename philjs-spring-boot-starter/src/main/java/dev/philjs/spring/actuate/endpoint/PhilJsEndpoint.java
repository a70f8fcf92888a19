package dev.philjs.spring.actuate.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.philjs.spring.store.ActionDefinition;
import dev.philjs.spring.store.SignalDefinition;
import dev.philjs.spring.store.StoreDefinition;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScope;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code philjs} Actuator endpoint: the stores of the application (scope, signals,
 * actions, access rules) with counts of their live instances, subscribers and conflated
 * deliveries, and, for one store, each live instance with its version.
 *
 * <p>
 * Session ids are credentials, so the endpoint never shows them: a session instance is
 * identified by a short hash of its session id, enough to tell instances of the same
 * session apart from others.
 *
 * <p>
 * Thread safety: every operation may be called from any thread; it reads the registry's
 * live state without locking, so counts are a moment's picture, not a consistent cut.
 *
 * @since 0.1.0
 */
@Endpoint(id = "philjs")
public class PhilJsEndpoint {

	private final StoreRegistry registry;

	/**
	 * Creates the endpoint.
	 * @param registry the stores
	 */
	public PhilJsEndpoint(StoreRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Describes every store and the live scopes.
	 * @return the description
	 */
	@ReadOperation
	public StoresDescriptor stores() {
		List<StoreInstance> live = this.registry.liveInstances();
		Map<String, StoreDescriptor> stores = new LinkedHashMap<>();
		int sessionInstances = 0;
		int requestInstances = 0;
		for (StoreDefinition definition : this.registry.definitions().values()) {
			List<StoreInstance> instances = instancesOf(live, definition);
			stores.put(definition.name(), describe(definition, instances));
			if (definition.scope() == StoreScope.SESSION) {
				sessionInstances += instances.size();
			}
			else if (definition.scope() == StoreScope.REQUEST) {
				requestInstances += instances.size();
			}
		}
		return new StoresDescriptor(stores, new ScopesDescriptor(this.registry.liveSessionCount(), sessionInstances),
				new ScopesDescriptor(this.registry.liveRequestCount(), requestInstances));
	}

	/**
	 * Describes one store with each of its live instances.
	 * @param name the store name
	 * @return the description, or {@code null} (404) if there is no such store
	 */
	@ReadOperation
	public @Nullable StoreDetailsDescriptor store(@Selector String name) {
		StoreDefinition definition = this.registry.definitions().get(name);
		if (definition == null) {
			return null;
		}
		List<StoreInstance> instances = instancesOf(this.registry.liveInstances(), definition);
		List<InstanceDescriptor> described = new ArrayList<>(instances.size());
		for (StoreInstance instance : instances) {
			described.add(new InstanceDescriptor(scopeId(definition.scope(), instance.scopeId()), instance.version(),
					instance.subscriberCount(), instance.conflatedCount()));
		}
		return new StoreDetailsDescriptor(definition.name(), describe(definition, instances), described);
	}

	private static List<StoreInstance> instancesOf(List<StoreInstance> live, StoreDefinition definition) {
		List<StoreInstance> result = new ArrayList<>();
		for (StoreInstance instance : live) {
			if (instance.definition() == definition) {
				result.add(instance);
			}
		}
		return result;
	}

	private static StoreDescriptor describe(StoreDefinition definition, List<StoreInstance> instances) {
		Map<String, SignalDescriptor> signals = new LinkedHashMap<>();
		for (SignalDefinition signal : definition.signals().values()) {
			String rule = !signal.writable() ? null
					: (signal.writeRule() != null) ? signal.writeRule() : definition.writeRule();
			signals.put(signal.name(), new SignalDescriptor(signal.writable(), rule));
		}
		Map<String, ActionDescriptor> actions = new LinkedHashMap<>();
		for (ActionDefinition action : definition.actions().values()) {
			List<String> parameters = action.parameters().stream().map((parameter) -> parameter.getName()).toList();
			String rule = (action.writeRule() != null) ? action.writeRule() : definition.writeRule();
			actions.put(action.name(), new ActionDescriptor(parameters, rule));
		}
		int subscribers = 0;
		long conflated = 0;
		for (StoreInstance instance : instances) {
			subscribers += instance.subscriberCount();
			conflated += instance.conflatedCount();
		}
		return new StoreDescriptor(definition.scope().name().toLowerCase(Locale.ROOT), definition.shared(),
				definition.readRule(), definition.writeRule(), signals, actions,
				new LiveDescriptor(instances.size(), subscribers, conflated));
	}

	private static @Nullable String scopeId(StoreScope scope, @Nullable String id) {
		if (id == null || scope != StoreScope.SESSION) {
			return id;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
			return "session-" + HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing", ex);
		}
	}

	/**
	 * Every store, and the live sessions and requests.
	 *
	 * @param stores the stores by name, in registration order
	 * @param sessions the sessions that have live session stores
	 * @param requests the requests that have live request stores
	 */
	public record StoresDescriptor(Map<String, StoreDescriptor> stores, ScopesDescriptor sessions,
			ScopesDescriptor requests) {
	}

	/**
	 * Live sessions or requests.
	 *
	 * @param live how many have store instances
	 * @param instances how many store instances they hold together
	 */
	public record ScopesDescriptor(int live, int instances) {
	}

	/**
	 * One store.
	 *
	 * @param scope {@code application}, {@code session} or {@code request}
	 * @param shared whether its state is shared between service instances
	 * @param readRule the store's {@code @Access} read rule, or {@code null}
	 * @param writeRule the store's {@code @Access} write rule, or {@code null}
	 * @param signals its exposed signals by name
	 * @param actions its actions by name
	 * @param live what is live of it
	 */
	public record StoreDescriptor(String scope, boolean shared, @Nullable String readRule, @Nullable String writeRule,
			Map<String, SignalDescriptor> signals, Map<String, ActionDescriptor> actions, LiveDescriptor live) {
	}

	/**
	 * One exposed signal or memo.
	 *
	 * @param writable whether clients may set it
	 * @param writeRule the rule that guards writes (the field's, or else the store's), or
	 * {@code null}
	 */
	public record SignalDescriptor(boolean writable, @Nullable String writeRule) {
	}

	/**
	 * One action.
	 *
	 * @param parameters its parameter names, in order
	 * @param writeRule the rule that guards calls (the method's, or else the store's
	 * write rule), or {@code null}
	 */
	public record ActionDescriptor(List<String> parameters, @Nullable String writeRule) {
	}

	/**
	 * The live instances of a store, summed.
	 *
	 * @param instances how many instances are live
	 * @param subscribers how many subscribers they have (SSE and WebSocket)
	 * @param conflated how many deliveries they conflated (a subscriber that fell behind
	 * got a snapshot instead of the changes)
	 */
	public record LiveDescriptor(int instances, int subscribers, long conflated) {
	}

	/**
	 * One store with each of its live instances.
	 *
	 * @param name the store name
	 * @param store the store's description
	 * @param instances its live instances
	 */
	public record StoreDetailsDescriptor(String name, StoreDescriptor store, List<InstanceDescriptor> instances) {
	}

	/**
	 * One live instance.
	 *
	 * @param scopeId {@code null} for an application store, the request id for a request
	 * store, a hash of the session id ({@code session-} and 12 hex digits) for a session
	 * store
	 * @param version its current version
	 * @param subscribers its subscribers
	 * @param conflated its conflated deliveries
	 */
	public record InstanceDescriptor(@Nullable String scopeId, long version, int subscribers, long conflated) {
	}

}
