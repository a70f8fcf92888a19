package dev.philjs.core.internal;

import java.util.ArrayList;

import dev.philjs.core.Owner;
import org.jspecify.annotations.Nullable;

/**
 * A node of the ownership tree. Memos and effects are owners that also depend on other
 * nodes; roots and context scopes are owners only. Children form an intrusive doubly
 * linked list so that a child can leave its parent in constant time. All mutable fields
 * are guarded by the graph lock.
 */
abstract class OwnerNode extends Node implements Owner {

	final @Nullable OwnerNode parent;

	final @Nullable String name;

	@Nullable OwnerNode firstChild;

	@Nullable OwnerNode lastChild;

	@Nullable OwnerNode prevSibling;

	@Nullable OwnerNode nextSibling;

	boolean attached;

	@Nullable ArrayList<Runnable> cleanups;

	@Nullable Link deps;

	@Nullable Link depsTail;

	int trackVersion;

	OwnerNode(int kind, @Nullable OwnerNode parent, @Nullable String name) {
		super(kind);
		this.parent = parent;
		this.name = name;
	}

	@Override
	public @Nullable Owner parent() {
		return this.parent;
	}

	@Override
	public boolean isDisposed() {
		return Graph.isDisposed(this);
	}

	@Override
	public String name() {
		String n = this.name;
		return (n != null) ? n : kindName() + "@" + Integer.toHexString(System.identityHashCode(this));
	}

	abstract String kindName();

	/**
	 * Looks up a context value bound on this owner.
	 * @param key the context
	 * @return the value, or {@link Graph#NOT_FOUND}
	 */
	@Nullable Object contextValue(Object key) {
		return Graph.NOT_FOUND;
	}

	@Override
	public String toString() {
		return kindName() + "[" + name() + (isDisposed() ? ", disposed" : "") + "]";
	}

}
