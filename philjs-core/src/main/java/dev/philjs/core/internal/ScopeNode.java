package dev.philjs.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * An owner that binds context values for everything created under it. It joins its parent
 * only when something is created under it, so that providing a context in a long-lived
 * owner many times (once per request, say) leaves nothing behind.
 */
final class ScopeNode extends OwnerNode {

	private final Object[] keys;

	private final @Nullable Object[] values;

	ScopeNode(@Nullable OwnerNode parent, Object[] keys, @Nullable Object[] values) {
		super(0, parent, null);
		this.keys = keys;
		this.values = values;
	}

	@Override
	String kindName() {
		return "ContextScope";
	}

	@Override
	@Nullable Object contextValue(Object key) {
		for (int i = this.keys.length - 1; i >= 0; i--) {
			if (this.keys[i] == key) {
				return this.values[i];
			}
		}
		return Graph.NOT_FOUND;
	}

}
