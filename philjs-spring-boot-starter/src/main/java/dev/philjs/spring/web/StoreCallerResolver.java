package dev.philjs.spring.web;

import java.util.List;
import java.util.UUID;

import dev.philjs.core.Context;
import dev.philjs.spring.context.ContextBindings;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreScopeKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link StoreCaller} of an HTTP request: its principal, its HTTP session
 * (obtained lazily, so that reading application stores never creates a session), a
 * request id for request stores, and the session context bindings for a session's stores.
 *
 * <p>
 * The {@link StoreRequestFilter} uses it for every request under the base path and stores
 * the result in the {@link #CALLER_ATTRIBUTE} request attribute; a WebSocket handshake
 * uses {@link #resolveDetached(HttpServletRequest, boolean)}, whose caller stays valid
 * after the request is gone.
 *
 * <p>
 * Thread safety: immutable; every method may be called from any thread (the callers it
 * returns from {@link #resolve(HttpServletRequest, String)} must only be used while their
 * request is being served).
 *
 * @since 0.1.0
 */
public class StoreCallerResolver {

	/** Request attribute holding the {@link StoreCaller} of the current request. */
	public static final String CALLER_ATTRIBUTE = StoreCallerResolver.class.getName() + ".caller";

	private final ContextBindings bindings;

	/**
	 * Creates the resolver.
	 * @param bindings resolves the session context of session stores
	 */
	public StoreCallerResolver(ContextBindings bindings) {
		this.bindings = bindings;
	}

	/**
	 * Returns the context bindings this resolver uses.
	 * @return the bindings
	 */
	public ContextBindings bindings() {
		return this.bindings;
	}

	/**
	 * Returns a new unique request id.
	 * @return the id
	 */
	public static String newRequestId() {
		return UUID.randomUUID().toString();
	}

	/**
	 * Builds the caller of a request being served. The session is created only when a
	 * session store is resolved for it, and its session context is resolved only when
	 * that session's stores are first created.
	 * @param request the request
	 * @param requestId the id of the request (for request stores), or {@code null}
	 * @return the caller
	 */
	public StoreCaller resolve(HttpServletRequest request, @Nullable String requestId) {
		StoreScopeKey scope = new StoreScopeKey(() -> sessionId(request), requestId,
				() -> this.bindings.forSession(request));
		return new StoreCaller(request.getUserPrincipal(), scope);
	}

	/**
	 * Builds a caller that stays valid after the request ends (for a WebSocket
	 * connection): the session id and the session context are resolved now, and the
	 * caller has no request id (request stores do not resolve for it).
	 * @param request the handshake request
	 * @param createSession whether to create an HTTP session if the client has none
	 * @return the caller
	 */
	public StoreCaller resolveDetached(HttpServletRequest request, boolean createSession) {
		HttpSession session = request.getSession(createSession);
		String sessionId = (session != null) ? session.getId() : null;
		List<Context.Binding<?>> sessionContext = (sessionId != null) ? this.bindings.forSession(request) : List.of();
		StoreScopeKey scope = new StoreScopeKey(() -> sessionId, null, () -> sessionContext);
		return new StoreCaller(request.getUserPrincipal(), scope);
	}

	/**
	 * Returns the caller the {@link StoreRequestFilter} stored in a request.
	 * @param request the request
	 * @return the caller, or {@code null} if the filter did not run for it
	 */
	public static @Nullable StoreCaller current(HttpServletRequest request) {
		return (request.getAttribute(CALLER_ATTRIBUTE) instanceof StoreCaller caller) ? caller : null;
	}

	private static @Nullable String sessionId(HttpServletRequest request) {
		try {
			return request.getSession(true).getId();
		}
		catch (IllegalStateException ex) {
			// the response is already committed: a new session cannot be created
			HttpSession existing = request.getSession(false);
			return (existing != null) ? existing.getId() : null;
		}
	}

}
