package dev.philjs.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * A vertex of the dependency graph: something that can be depended on (it has
 * subscribers). All fields are guarded by the graph lock.
 */
abstract class Node {

	static final int DIRTY = 1;

	static final int PENDING = 1 << 1;

	static final int QUEUED = 1 << 2;

	static final int RUNNING = 1 << 3;

	static final int DISPOSED = 1 << 4;

	static final int SIGNAL = 1 << 5;

	static final int MEMO = 1 << 6;

	static final int EFFECT = 1 << 7;

	static final int COMPUTED_ONCE = 1 << 8;

	/** An owner that may have children or cleanups. */
	static final int OWNS = 1 << 9;

	int flags;

	@Nullable Link subs;

	@Nullable Link subsTail;

	Node(int kind) {
		this.flags = kind;
	}

	abstract String name();

}
