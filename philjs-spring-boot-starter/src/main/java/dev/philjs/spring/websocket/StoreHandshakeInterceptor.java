package dev.philjs.spring.websocket;

import java.util.List;
import java.util.Map;

import dev.philjs.core.Context;
import dev.philjs.spring.context.ContextBindings;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Captures, during the WebSocket handshake, what a connection needs from its HTTP
 * request, because the request is gone once the connection is open: the HTTP session id
 * (for session stores; the session is created here if the application has session stores
 * and the client has none yet) and the context bindings resolved by
 * {@link ContextBindings} for the request and the session.
 *
 * <p>
 * Thread safety: immutable; may be called from any thread.
 *
 * @since 0.1.0
 */
public class StoreHandshakeInterceptor implements HandshakeInterceptor {

	/** Attribute holding the HTTP session id ({@link String}), if any. */
	public static final String HTTP_SESSION_ID_ATTRIBUTE = StoreHandshakeInterceptor.class.getName() + ".httpSessionId";

	/** Attribute holding the request context bindings ({@code List<Context.Binding>}). */
	public static final String REQUEST_CONTEXT_ATTRIBUTE = StoreHandshakeInterceptor.class.getName()
			+ ".requestContext";

	/** Attribute holding the session context bindings ({@code List<Context.Binding>}). */
	public static final String SESSION_CONTEXT_ATTRIBUTE = StoreHandshakeInterceptor.class.getName()
			+ ".sessionContext";

	private final boolean sessionStores;

	private final ContextBindings bindings;

	/**
	 * Creates the interceptor.
	 * @param registry the stores (to know whether any lives in a session)
	 * @param bindings the context resolvers, or {@link ContextBindings#NONE}
	 */
	public StoreHandshakeInterceptor(StoreRegistry registry, ContextBindings bindings) {
		this.sessionStores = registry.definitions()
			.values()
			.stream()
			.anyMatch((store) -> store.scope() == StoreScope.SESSION);
		this.bindings = bindings;
	}

	/**
	 * Records the session id and context bindings in the connection's attributes; never
	 * refuses the handshake.
	 */
	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (!(request instanceof ServletServerHttpRequest servletRequest)) {
			return true;
		}
		HttpServletRequest http = servletRequest.getServletRequest();
		HttpSession session = http.getSession(this.sessionStores);
		if (session != null) {
			attributes.put(HTTP_SESSION_ID_ATTRIBUTE, session.getId());
		}
		if (!this.bindings.isEmpty()) {
			attributes.put(REQUEST_CONTEXT_ATTRIBUTE, this.bindings.forRequest(http));
			if (session != null) {
				attributes.put(SESSION_CONTEXT_ATTRIBUTE, this.bindings.forSession(http));
			}
		}
		return true;
	}

	/**
	 * Does nothing.
	 */
	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

	/**
	 * Reads context bindings recorded by this interceptor.
	 * @param attributes the connection's attributes
	 * @param name {@link #REQUEST_CONTEXT_ATTRIBUTE} or
	 * {@link #SESSION_CONTEXT_ATTRIBUTE}
	 * @return the bindings, empty if none were recorded
	 */
	@SuppressWarnings("unchecked")
	static List<Context.Binding<?>> bindings(Map<String, Object> attributes, String name) {
		Object value = attributes.get(name);
		return (value instanceof List<?> list) ? (List<Context.Binding<?>>) list : List.of();
	}

}
