package dev.philjs.spring.store;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.philjs.spring.json.StoreJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.ReflectionUtils;

/**
 * What clients can do with stores, whatever the transport (HTTP, SSE, WebSocket): list
 * them, read and subscribe, set writable signals, call actions. Every operation checks
 * the {@link StoreAccessPolicy}, converts JSON input with {@link StoreJson}, validates
 * arguments, and reports failures as {@link StoreException}s; a rejected input changes
 * nothing.
 *
 * <p>
 * Thread safety: every method may be called from any thread.
 *
 * @since 0.1.0
 */
public class StoreService {

	private static final System.Logger logger = System.getLogger(StoreService.class.getName());

	private final StoreRegistry registry;

	private final StoreAccessPolicy policy;

	private final StoreJson json;

	private final ArgumentValidator validator;

	private final List<StoreServiceListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the service.
	 * @param registry the stores
	 * @param policy the access policy
	 * @param json the JSON converter
	 * @param validator validates action arguments ({@link ArgumentValidator#NONE} without
	 * Bean Validation)
	 */
	public StoreService(StoreRegistry registry, StoreAccessPolicy policy, StoreJson json, ArgumentValidator validator) {
		this.registry = registry;
		this.policy = policy;
		this.json = json;
		this.validator = validator;
	}

	/**
	 * Adds a listener told about every signal set and action call on an existing store
	 * (see {@link StoreServiceListener}). May be called at any time, from any thread.
	 * @param listener the listener
	 */
	public void addListener(StoreServiceListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Returns the registry.
	 * @return the registry
	 */
	public StoreRegistry registry() {
		return this.registry;
	}

	/**
	 * Returns the JSON converter.
	 * @return the converter
	 */
	public StoreJson json() {
		return this.json;
	}

	/**
	 * Lists the stores the caller may read.
	 * @param caller the caller
	 * @return their definitions
	 */
	public List<StoreDefinition> list(StoreCaller caller) {
		return this.registry.definitions().values().stream().filter((store) -> {
			try {
				this.policy.checkRead(store, caller);
				return true;
			}
			catch (StoreException ex) {
				return false;
			}
		}).toList();
	}

	/**
	 * Opens a store for reading (snapshot or subscription).
	 * @param store the store name
	 * @param caller the caller
	 * @return the caller's instance of the store
	 */
	public StoreInstance open(String store, StoreCaller caller) {
		StoreDefinition definition = this.registry.definition(store);
		this.policy.checkRead(definition, caller);
		return this.registry.instance(store, caller.scope());
	}

	/**
	 * Sets a writable signal from JSON.
	 * @param store the store name
	 * @param signal the signal name
	 * @param value the new value as JSON
	 * @param expectedVersion the version the caller saw (compare-and-set), or
	 * {@code null}
	 * @param caller the caller
	 * @return the store's version after the write
	 */
	public long set(String store, String signal, JsonNode value, @Nullable Long expectedVersion, StoreCaller caller) {
		StoreDefinition definition = this.registry.definition(store);
		long version;
		try {
			version = doSet(definition, signal, value, expectedVersion, caller);
		}
		catch (RuntimeException ex) {
			notifyListeners((listener) -> listener.signalSet(definition, signal, caller, ex));
			throw ex;
		}
		notifyListeners((listener) -> listener.signalSet(definition, signal, caller, null));
		return version;
	}

	private long doSet(StoreDefinition definition, String signal, JsonNode value, @Nullable Long expectedVersion,
			StoreCaller caller) {
		String store = definition.name();
		SignalDefinition target = definition.signal(signal);
		if (!target.writable()) {
			throw new StoreException(StoreException.Kind.FORBIDDEN,
					"Signal '" + signal + "' of store '" + store + "' is not writable");
		}
		this.policy.checkRead(definition, caller);
		this.policy.checkWrite(definition, target, caller);
		Object converted = this.json.signalValue(target, value);
		this.validator.validateValue(definition, target, converted);
		return this.registry.instance(store, caller.scope()).set(target, converted, expectedVersion);
	}

	/**
	 * Calls an action with JSON arguments, in one batch.
	 * @param store the store name
	 * @param action the action name
	 * @param arguments the arguments (object by name, array by position), or {@code null}
	 * @param expectedVersion the version the caller saw (compare-and-set), or
	 * {@code null}
	 * @param caller the caller
	 * @return the action's result and the store's version after it
	 * @throws StoreException {@code ACTION_FAILED} if the action threw
	 */
	public StoreInstance.Written<Object> call(String store, String action, @Nullable JsonNode arguments,
			@Nullable Long expectedVersion, StoreCaller caller) {
		StoreDefinition definition = this.registry.definition(store);
		StoreInstance.Written<Object> written;
		try {
			written = doCall(definition, action, arguments, expectedVersion, caller);
		}
		catch (RuntimeException ex) {
			notifyListeners((listener) -> listener.actionCalled(definition, action, caller, ex));
			throw ex;
		}
		notifyListeners((listener) -> listener.actionCalled(definition, action, caller, null));
		return written;
	}

	private StoreInstance.Written<Object> doCall(StoreDefinition definition, String action,
			@Nullable JsonNode arguments, @Nullable Long expectedVersion, StoreCaller caller) {
		ActionDefinition target = definition.action(action);
		this.policy.checkRead(definition, caller);
		this.policy.checkCall(definition, target, caller);
		@Nullable Object[] args = this.json.actionArguments(target, arguments);
		StoreInstance instance = this.registry.instance(definition.name(), caller.scope());
		this.validator.validateArguments(instance.target(), target, args);
		return instance.writeAndGetVersion(() -> invoke(instance.target(), target, args), expectedVersion);
	}

	private void notifyListeners(Consumer<StoreServiceListener> event) {
		for (StoreServiceListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "StoreServiceListener " + listener + " failed", ex);
			}
		}
	}

	private static @Nullable Object invoke(Object target, ActionDefinition action, @Nullable Object[] args) {
		try {
			ReflectionUtils.makeAccessible(action.method());
			return action.method().invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof StoreException storeException) {
				throw storeException;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new StoreException(StoreException.Kind.ACTION_FAILED,
					"Action '" + action.name() + "' failed: " + cause.getMessage(), cause);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call action '" + action.name() + "'", ex);
		}
	}

	/**
	 * Validates action arguments and signal values (Bean Validation when present).
	 */
	public interface ArgumentValidator {

		/** Validates nothing. */
		ArgumentValidator NONE = new ArgumentValidator() {
		};

		/**
		 * Validates the arguments of an action call.
		 * @param target the store object
		 * @param action the action
		 * @param args the converted arguments
		 * @throws StoreException {@code BAD_REQUEST} if they are invalid
		 */
		default void validateArguments(Object target, ActionDefinition action, @Nullable Object[] args) {
		}

		/**
		 * Validates a value about to be written to a signal.
		 * @param store the store
		 * @param signal the signal
		 * @param value the converted value
		 * @throws StoreException {@code BAD_REQUEST} if it is invalid
		 */
		default void validateValue(StoreDefinition store, SignalDefinition signal, @Nullable Object value) {
		}

	}

}
