package dev.philjs.core;

/**
 * A side effect that runs once when created and again, synchronously, after each real
 * change of what it read during its last run. Runs of one effect never overlap.
 *
 * <p>
 * Thread safety: {@link #dispose()} may be called from any thread, also from inside the
 * effect itself; after it returns the effect never runs again.
 *
 * @since 0.1.0
 */
public interface Effect extends Disposable {

	/**
	 * Returns the debug name of this effect.
	 * @return the name given at creation, or a generated one
	 */
	String name();

}
