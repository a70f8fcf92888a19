package dev.philjs.spring.context;

import java.util.ArrayList;
import java.util.List;

import dev.philjs.core.Context;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Resolves the {@link ContextResolver} beans of the application into context bindings for
 * a request or a session.
 *
 * <p>
 * Thread safety: immutable; every method may be called from any thread.
 *
 * @since 0.1.0
 */
public final class ContextBindings {

	/** No resolvers. */
	public static final ContextBindings NONE = new ContextBindings(List.of());

	private final List<ContextResolver<?>> resolvers;

	/**
	 * Creates the bindings.
	 * @param resolvers the resolvers, in order (later ones win for the same context)
	 */
	public ContextBindings(List<ContextResolver<?>> resolvers) {
		this.resolvers = List.copyOf(resolvers);
	}

	/**
	 * Resolves the request-scoped bindings.
	 * @param request the request
	 * @return the bindings
	 */
	public List<Context.Binding<?>> forRequest(HttpServletRequest request) {
		return resolve(request, ContextResolver.Scope.REQUEST);
	}

	/**
	 * Resolves the session-scoped bindings (and the request-scoped ones, which a
	 * session's stores also see when created from this request).
	 * @param request the request that creates the session's stores
	 * @return the bindings
	 */
	public List<Context.Binding<?>> forSession(HttpServletRequest request) {
		return resolve(request, ContextResolver.Scope.SESSION);
	}

	/**
	 * Tells whether any resolver is registered.
	 * @return {@code true} if none
	 */
	public boolean isEmpty() {
		return this.resolvers.isEmpty();
	}

	private List<Context.Binding<?>> resolve(HttpServletRequest request, ContextResolver.Scope scope) {
		List<Context.Binding<?>> bindings = new ArrayList<>();
		for (ContextResolver<?> resolver : this.resolvers) {
			if (resolver.scope() == scope) {
				add(bindings, resolver, request);
			}
		}
		return bindings;
	}

	private static <T> void add(List<Context.Binding<?>> bindings, ContextResolver<T> resolver,
			HttpServletRequest request) {
		T value = resolver.resolve(request);
		if (value != null) {
			bindings.add(resolver.context().bind(value));
		}
	}

}
