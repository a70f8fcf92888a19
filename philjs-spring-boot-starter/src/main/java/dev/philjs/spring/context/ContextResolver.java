package dev.philjs.spring.context;

import dev.philjs.core.Context;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Binds a {@link Context} from the HTTP request: declare beans of this type to make
 * values (the current user, the tenant, the locale) visible to store code through
 * {@code useContext}.
 *
 * <p>
 * A {@link Scope#REQUEST} binding is resolved for every request and seen by code running
 * during it (actions, signal writes and the effects they trigger on that thread). A
 * {@link Scope#SESSION} binding is resolved once, when a session's stores are first
 * created, and seen by everything those stores create, on every later run.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public interface ContextResolver<T> {

	/**
	 * Returns the context this resolver binds.
	 * @return the context
	 */
	Context<T> context();

	/**
	 * Returns when the value is resolved.
	 * @return the scope
	 */
	default Scope scope() {
		return Scope.REQUEST;
	}

	/**
	 * Resolves the value for a request.
	 * @param request the request
	 * @return the value, or {@code null} to leave the context at its default
	 */
	@Nullable T resolve(HttpServletRequest request);

	/**
	 * When a context value is resolved.
	 */
	enum Scope {

		/** For every request. */
		REQUEST,

		/** Once per session, when its stores are created. */
		SESSION

	}

}
