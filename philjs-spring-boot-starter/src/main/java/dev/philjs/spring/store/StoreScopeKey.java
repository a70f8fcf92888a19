package dev.philjs.spring.store;

import java.util.List;
import java.util.function.Supplier;

import dev.philjs.core.Context;
import org.jspecify.annotations.Nullable;

/**
 * Identifies the session and request a caller belongs to, for resolving session and
 * request stores. The session is obtained lazily, so that reading application stores
 * never creates an HTTP session.
 *
 * @param session gives the HTTP session id, creating the session if needed; returns
 * {@code null} if there is none and none can be created
 * @param requestId a unique id of the current request, or {@code null}
 * @param sessionContext the context values to bind for a session's stores when they are
 * first created
 * @since 0.1.0
 */
public record StoreScopeKey(Supplier<@Nullable String> session, @Nullable String requestId,
		Supplier<List<Context.Binding<?>>> sessionContext) {

	/** No session, no request: only application stores resolve. */
	public static final StoreScopeKey NONE = new StoreScopeKey(() -> null, null, List::of);

	/**
	 * A key for a known session id, without request.
	 * @param sessionId the session id
	 * @return the key
	 */
	public static StoreScopeKey ofSession(String sessionId) {
		return new StoreScopeKey(() -> sessionId, null, List::of);
	}

	/**
	 * Returns the session id, creating the session if needed.
	 * @return the id, or {@code null}
	 */
	public @Nullable String sessionId() {
		return this.session.get();
	}

}
