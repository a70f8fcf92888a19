package dev.philjs.spring.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.philjs.spring.context.ContextBindings;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.websocket.StoreHandshakeInterceptor;
import dev.philjs.spring.websocket.StoreWebSocketHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Auto-configuration of the PhilJS WebSocket endpoint at
 * {@code {philjs.web.base-path}/ws}: plain JSON text messages served by a
 * {@link StoreWebSocketHandler}, with origins checked against
 * {@code philjs.web.allowed-origins} (same origin only by default).
 *
 * <p>
 * The endpoint is mapped by its own handler mapping (ahead of annotated controllers,
 * matching only its exact path), so it needs no {@code @EnableWebSocket} and leaves the
 * application's own WebSocket configuration alone.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = PhilJsAutoConfiguration.class)
@ConditionalOnClass(value = { TextWebSocketHandler.class, SimpleUrlHandlerMapping.class },
		name = "jakarta.websocket.server.ServerContainer")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(StoreService.class)
@ConditionalOnBooleanProperty(name = "philjs.web.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "philjs.web.websocket.enabled", matchIfMissing = true)
public final class PhilJsWebSocketAutoConfiguration {

	/** Name of the bean that performs the handshake of the PhilJS WebSocket endpoint. */
	public static final String REQUEST_HANDLER_BEAN_NAME = "philjsWebSocketRequestHandler";

	/** Name of the handler mapping that maps the PhilJS WebSocket endpoint. */
	public static final String HANDLER_MAPPING_BEAN_NAME = "philjsWebSocketHandlerMapping";

	@Bean
	@ConditionalOnMissingBean
	StoreWebSocketHandler philjsStoreWebSocketHandler(StoreService service, PhilJsProperties properties) {
		PhilJsProperties.WebSocket websocket = properties.getWeb().getWebsocket();
		StoreWebSocketHandler.Limits limits = new StoreWebSocketHandler.Limits(
				toInt(websocket.getMaxMessageSize().toBytes()), websocket.getSendTimeLimit(),
				toInt(websocket.getSendBufferSize().toBytes()), StoreWebSocketHandler.Limits.DEFAULT_MAX_SUBSCRIPTIONS);
		return new StoreWebSocketHandler(service, limits);
	}

	@Bean
	@ConditionalOnMissingBean
	StoreHandshakeInterceptor philjsStoreHandshakeInterceptor(StoreService service,
			ObjectProvider<ContextBindings> bindings) {
		return new StoreHandshakeInterceptor(service.registry(), bindings.getIfAvailable(() -> ContextBindings.NONE));
	}

	@Bean(name = REQUEST_HANDLER_BEAN_NAME)
	@ConditionalOnMissingBean(name = REQUEST_HANDLER_BEAN_NAME)
	WebSocketHttpRequestHandler philjsWebSocketRequestHandler(StoreWebSocketHandler handler,
			StoreHandshakeInterceptor interceptor, PhilJsProperties properties) {
		WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(handler,
				new DefaultHandshakeHandler());
		// origins first, so that a refused handshake creates no HTTP session
		OriginHandshakeInterceptor origins = new OriginHandshakeInterceptor(properties.getWeb().getAllowedOrigins());
		requestHandler.setHandshakeInterceptors(List.of(origins, interceptor));
		return requestHandler;
	}

	@Bean(name = HANDLER_MAPPING_BEAN_NAME)
	@ConditionalOnMissingBean(name = HANDLER_MAPPING_BEAN_NAME)
	WebSocketHandlerMapping philjsWebSocketHandlerMapping(
			@Qualifier(REQUEST_HANDLER_BEAN_NAME) WebSocketHttpRequestHandler requestHandler,
			PhilJsProperties properties) {
		// unlike a plain SimpleUrlHandlerMapping, it starts and stops the request handler
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setUrlMap(Map.of(endpointPath(properties.getWeb().getBasePath()), requestHandler));
		mapping.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return mapping;
	}

	/**
	 * Returns the path of the endpoint for a base path.
	 * @param basePath the base path ({@code philjs.web.base-path})
	 * @return the path, {@code {basePath}/ws}
	 */
	static String endpointPath(String basePath) {
		String base = basePath.strip();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		if (!base.isEmpty() && !base.startsWith("/")) {
			base = "/" + base;
		}
		return base + "/ws";
	}

	private static int toInt(long bytes) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes));
	}

}
