package dev.philjs.spring.store;

import dev.philjs.core.persist.StateStorage;

/**
 * Gives the storage of one HTTP session, where the {@link Persisted} signals of its
 * session stores are kept. The starter declares one on Spring Session (the values become
 * session attributes, so they live as long as the session and are seen by every instance
 * that shares the session repository).
 *
 * <p>
 * Thread safety: implementations may be called from any thread.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface StoreSessionStorage {

	/**
	 * Returns the storage of a session. Its operations may do blocking I/O; writes to a
	 * session that no longer exists are dropped.
	 * @param sessionId the session id
	 * @return the storage
	 */
	StateStorage forSession(String sessionId);

}
