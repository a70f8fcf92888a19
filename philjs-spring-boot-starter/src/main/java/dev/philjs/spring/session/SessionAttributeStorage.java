package dev.philjs.spring.session;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.philjs.core.persist.StateStorage;
import dev.philjs.core.persist.StorageException;
import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The {@link StateStorage} of one Spring Session: key {@code k} is the session attribute
 * {@code philjs:k}, holding the value's text. Each write loads the session from the
 * repository, sets one attribute and saves it; repositories that save deltas (such as
 * Spring Session Data Redis) write only that attribute, so concurrent requests of the
 * same session, which change other attributes, do not overwrite it.
 *
 * <p>
 * A session that no longer exists (expired, invalidated) reads as empty, and writes to it
 * are dropped: its state ended with it. Failures of the repository (Redis down) are
 * thrown as {@link StorageException}, which the write-behind retries.
 *
 * <p>
 * Thread safety: every method may be called from any thread; each does blocking I/O on
 * the repository.
 *
 * @param <S> the session type of the repository
 * @since 0.1.0
 */
public final class SessionAttributeStorage<S extends Session> implements StateStorage {

	/** The prefix of the session attributes this storage writes. */
	public static final String ATTRIBUTE_PREFIX = "philjs:";

	private final SessionRepository<S> repository;

	/** How long a missing session is taken for one not saved yet. */
	public static final Duration NEW_SESSION_GRACE = Duration.ofMinutes(1);

	private final String sessionId;

	private final long created = System.nanoTime();

	/**
	 * Creates the storage of a session.
	 * @param repository the session repository
	 * @param sessionId the session id
	 */
	public SessionAttributeStorage(SessionRepository<S> repository, String sessionId) {
		this.repository = Objects.requireNonNull(repository, "repository must not be null");
		this.sessionId = Objects.requireNonNull(sessionId, "sessionId must not be null");
	}

	@Override
	public Optional<String> get(String key) {
		S session = find(key);
		if (session == null) {
			return Optional.empty();
		}
		Object value = session.getAttribute(ATTRIBUTE_PREFIX + key);
		return (value instanceof String text) ? Optional.of(text) : Optional.empty();
	}

	@Override
	public void set(String key, String value) {
		Objects.requireNonNull(value, "value must not be null");
		update(key, value);
	}

	@Override
	public void remove(String key) {
		update(key, null);
	}

	@Override
	public Set<String> keys() {
		S session = find("");
		Set<String> keys = new TreeSet<>();
		if (session != null) {
			for (String name : session.getAttributeNames()) {
				if (name.startsWith(ATTRIBUTE_PREFIX)) {
					keys.add(name.substring(ATTRIBUTE_PREFIX.length()));
				}
			}
		}
		return keys;
	}

	private void update(String key, @Nullable String value) {
		S session = find(key);
		if (session == null) {
			if (System.nanoTime() - this.created < NEW_SESSION_GRACE.toNanos()) {
				throw new StorageException("The session of '" + key + "' is not saved yet (a new session is saved when "
						+ "its first request completes)", key, null);
			}
			return;
		}
		if (value != null) {
			session.setAttribute(ATTRIBUTE_PREFIX + key, value);
		}
		else {
			session.removeAttribute(ATTRIBUTE_PREFIX + key);
		}
		try {
			this.repository.save(session);
		}
		catch (IllegalStateException ex) {
			// the repository found the session gone between the read and the save
		}
		catch (RuntimeException ex) {
			throw new StorageException("Cannot store '" + key + "' in the session (session ids are not logged)", key,
					ex);
		}
	}

	private @Nullable S find(String key) {
		try {
			return this.repository.findById(this.sessionId);
		}
		catch (RuntimeException ex) {
			throw new StorageException("Cannot read the session for '" + key + "'", key, ex);
		}
	}

	@Override
	public String toString() {
		return "SessionAttributeStorage[" + this.repository.getClass().getSimpleName() + "]";
	}

}
