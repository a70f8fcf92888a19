package dev.philjs.spring.store;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a store exposes: its name, scope, signals and actions, and its access rules.
 *
 * @param name the store name clients use
 * @param beanName the name of its bean definition
 * @param type the store class
 * @param scope the scope of its instances
 * @param shared whether its state is shared between service instances
 * @param signals the exposed signals and memos by name, in declaration order
 * @param actions the exposed actions by name
 * @param readRule the SpEL read rule, or {@code null}
 * @param writeRule the SpEL write rule, or {@code null}
 * @since 0.1.0
 */
public record StoreDefinition(String name, String beanName, Class<?> type, StoreScope scope, boolean shared,
		Map<String, SignalDefinition> signals, Map<String, ActionDefinition> actions, @Nullable String readRule,
		@Nullable String writeRule) {

	/**
	 * Finds an exposed signal.
	 * @param signal its name
	 * @return the definition
	 * @throws StoreException with kind {@code UNKNOWN_SIGNAL} if there is none
	 */
	public SignalDefinition signal(String signal) {
		SignalDefinition definition = this.signals.get(signal);
		if (definition == null) {
			throw new StoreException(StoreException.Kind.UNKNOWN_SIGNAL,
					"Store '" + this.name + "' has no signal '" + signal + "'");
		}
		return definition;
	}

	/**
	 * Finds an exposed action.
	 * @param action its name
	 * @return the definition
	 * @throws StoreException with kind {@code UNKNOWN_ACTION} if there is none
	 */
	public ActionDefinition action(String action) {
		ActionDefinition definition = this.actions.get(action);
		if (definition == null) {
			throw new StoreException(StoreException.Kind.UNKNOWN_ACTION,
					"Store '" + this.name + "' has no action '" + action + "'");
		}
		return definition;
	}

}
