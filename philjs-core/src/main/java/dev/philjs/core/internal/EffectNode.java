package dev.philjs.core.internal;

import dev.philjs.core.Effect;
import org.jspecify.annotations.Nullable;

/**
 * A side effect: re-runs after a real change of what it read in its last run.
 */
final class EffectNode extends OwnerNode implements Effect {

	final Runnable fn;

	EffectNode(@Nullable OwnerNode parent, @Nullable String name, Runnable fn) {
		super(EFFECT, parent, name);
		this.fn = fn;
	}

	@Override
	String kindName() {
		return "Effect";
	}

	@Override
	public void dispose() {
		Graph.dispose(this);
	}

}
