package dev.philjs.spring.web;

import java.io.IOException;
import java.util.List;

import dev.philjs.core.Context;
import dev.philjs.core.Reactive;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Prepares every request under the PhilJS base path: builds its {@link StoreCaller} (in
 * the {@link StoreCallerResolver#CALLER_ATTRIBUTE} attribute), runs the rest of the chain
 * inside the request's context bindings (so that store code sees them through
 * {@code useContext}), and ends the request's request stores when the request completes,
 * after an asynchronous response (an SSE stream) if it started one.
 *
 * <p>
 * A request whose {@code Content-Type} is a wildcard ({@code *}{@code /*},
 * {@code application/*}) goes on without its character encoding: Spring MVC would
 * otherwise add the encoding to that type and fail with a 500 before any handler runs;
 * this way the HTTP API refuses it with its own 415.
 *
 * <p>
 * Register it after Spring Security's filter chain, so that the principal is known.
 * Thread safety: stateless; serves concurrent requests.
 *
 * @since 0.1.0
 */
public class StoreRequestFilter extends OncePerRequestFilter {

	/** Order of the filter: after Spring Security's filter chain (-100). */
	public static final int DEFAULT_ORDER = 0;

	private final StoreCallerResolver resolver;

	private final StoreRegistry registry;

	private final String basePath;

	/**
	 * Creates the filter.
	 * @param resolver builds the callers
	 * @param registry ends request stores
	 * @param basePath the base path of the HTTP API (for example {@code /philjs})
	 */
	public StoreRequestFilter(StoreCallerResolver resolver, StoreRegistry registry, String basePath) {
		this.resolver = resolver;
		this.registry = registry;
		this.basePath = basePath;
	}

	/** Skips requests outside the base path. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(this.basePath.isEmpty() || path.equals(this.basePath) || path.startsWith(this.basePath + "/"));
	}

	/** Builds the caller, binds the request context, and ends request stores after. */
	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = StoreCallerResolver.newRequestId();
		if (isWildcard(request.getContentType())) {
			request = new WithoutCharacterEncoding(request);
		}
		try {
			request.setAttribute(StoreCallerResolver.CALLER_ATTRIBUTE, this.resolver.resolve(request, requestId));
			List<Context.Binding<?>> context = this.resolver.bindings().isEmpty() ? List.of()
					: this.resolver.bindings().forRequest(request);
			if (context.isEmpty()) {
				chain.doFilter(request, response);
			}
			else {
				doFilterWithContext(context, request, response, chain);
			}
		}
		finally {
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new EndRequest(this.registry, requestId));
			}
			else {
				this.registry.endRequest(requestId);
			}
		}
	}

	private static boolean isWildcard(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static void doFilterWithContext(List<Context.Binding<?>> context, HttpServletRequest request,
			HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		Exception failure = Reactive.provide(context, () -> {
			try {
				chain.doFilter(request, response);
				return null;
			}
			catch (IOException | ServletException ex) {
				return ex;
			}
		});
		if (failure instanceof IOException io) {
			throw io;
		}
		if (failure instanceof ServletException servlet) {
			throw servlet;
		}
	}

	/** Ends the request stores when an asynchronous request completes. */
	private record EndRequest(StoreRegistry registry, String requestId) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.registry.endRequest(this.requestId);
		}

		@Override
		public void onError(AsyncEvent event) {
			this.registry.endRequest(this.requestId);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// a new asynchronous cycle: keep listening to it
			event.getAsyncContext().addListener(this);
		}

	}

	/** A request that reports no character encoding. */
	private static final class WithoutCharacterEncoding extends HttpServletRequestWrapper {

		WithoutCharacterEncoding(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getCharacterEncoding() {
			return null;
		}

	}

}
