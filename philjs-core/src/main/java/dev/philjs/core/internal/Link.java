package dev.philjs.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * One dependency edge, shared by both ends: it sits in the subscriber's list of
 * dependencies and in the dependency's list of subscribers, so that either end can unlink
 * it in constant time.
 */
final class Link {

	int version;

	final Node dep;

	final OwnerNode sub;

	@Nullable Link prevSub;

	@Nullable Link nextSub;

	@Nullable Link prevDep;

	@Nullable Link nextDep;

	Link(int version, Node dep, OwnerNode sub) {
		this.version = version;
		this.dep = dep;
		this.sub = sub;
	}

}
