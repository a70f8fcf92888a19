package dev.philjs.spring.store;

import java.util.Collection;

/**
 * The access policy without Spring Security: every declared read, write and call is
 * allowed, and a store that declares an {@link Access} rule makes startup fail, since
 * nothing could evaluate it (failing closed).
 *
 * @since 0.1.0
 */
public final class RulelessAccessPolicy implements StoreAccessPolicy {

	/**
	 * Creates the policy, refusing stores that carry rules.
	 * @param stores every store of the application
	 * @throws IllegalStateException if a store declares an access rule
	 */
	public RulelessAccessPolicy(Collection<StoreDefinition> stores) {
		for (StoreDefinition store : stores) {
			boolean hasRule = store.readRule() != null || store.writeRule() != null
					|| store.signals().values().stream().anyMatch((s) -> s.writeRule() != null)
					|| store.actions().values().stream().anyMatch((a) -> a.writeRule() != null);
			if (hasRule) {
				throw new IllegalStateException("Store '" + store.name()
						+ "' declares @Access rules, but Spring Security is not on the classpath to evaluate them");
			}
		}
	}

	@Override
	public void checkRead(StoreDefinition store, StoreCaller caller) {
	}

	@Override
	public void checkWrite(StoreDefinition store, SignalDefinition signal, StoreCaller caller) {
	}

	@Override
	public void checkCall(StoreDefinition store, ActionDefinition action, StoreCaller caller) {
	}

}
