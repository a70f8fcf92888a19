package dev.philjs.core;

import org.jspecify.annotations.Nullable;

/**
 * A node of the ownership tree: a root, an effect, a memo or a context scope. Effects,
 * memos, roots and cleanups created while an owner is current belong to it and are
 * disposed with it; context values are looked up along the owner's ancestors.
 *
 * <p>
 * Thread safety: all methods may be called from any thread.
 *
 * @since 0.1.0
 */
public interface Owner {

	/**
	 * Returns the owner this one belongs to.
	 * @return the parent owner, or {@code null} for a top-level owner
	 */
	@Nullable Owner parent();

	/**
	 * Tells whether this owner has been disposed.
	 * @return {@code true} once disposed
	 */
	boolean isDisposed();

	/**
	 * Returns the debug name of this owner.
	 * @return the name given at creation, or a generated one
	 */
	String name();

}
