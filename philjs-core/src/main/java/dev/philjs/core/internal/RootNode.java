package dev.philjs.core.internal;

import dev.philjs.core.Disposable;
import org.jspecify.annotations.Nullable;

/**
 * An owner created by {@code createRoot}: not reactive, disposed explicitly or with its
 * parent.
 */
final class RootNode extends OwnerNode implements Disposable {

	RootNode(@Nullable OwnerNode parent, @Nullable String name) {
		super(0, parent, name);
	}

	@Override
	String kindName() {
		return "Root";
	}

	@Override
	public void dispose() {
		Graph.dispose(this);
	}

}
