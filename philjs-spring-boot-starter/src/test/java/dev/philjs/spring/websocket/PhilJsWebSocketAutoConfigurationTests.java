package dev.philjs.spring.websocket;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsWebSocketAutoConfiguration;
import dev.philjs.core.Context;
import dev.philjs.spring.context.ContextBindings;
import dev.philjs.spring.context.ContextResolver;
import dev.philjs.spring.store.StoreService;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-offs of {@link PhilJsWebSocketAutoConfiguration}.
 */
class PhilJsWebSocketAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
			PhilJsAutoConfiguration.class, PhilJsWebSocketAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withUserConfiguration(WebSocketTestStores.class);

	@Test
	void mapsTheEndpointUnderTheDefaultBasePath() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(StoreWebSocketHandler.class)
				.hasSingleBean(StoreHandshakeInterceptor.class);
			assertThat(mapping(context).getUrlMap()).containsOnlyKeys("/philjs/ws");
			assertThat(mapping(context).getUrlMap().get("/philjs/ws")).isSameAs(requestHandler(context));
		});
	}

	@Test
	void mapsTheEndpointUnderAConfiguredBasePath() {
		this.runner.withPropertyValues("philjs.web.base-path=/api/live/")
			.run((context) -> assertThat(mapping(context).getUrlMap()).containsOnlyKeys("/api/live/ws"));
	}

	@Test
	void takesTheLimitsFromTheProperties() {
		this.runner
			.withPropertyValues("philjs.web.websocket.max-message-size=1KB", "philjs.web.websocket.send-time-limit=3s",
					"philjs.web.websocket.send-buffer-size=2KB")
			.run((context) -> assertThat(context.getBean(StoreWebSocketHandler.class).limits())
				.isEqualTo(new StoreWebSocketHandler.Limits(1024, Duration.ofSeconds(3), 2048,
						StoreWebSocketHandler.Limits.DEFAULT_MAX_SUBSCRIPTIONS)));
	}

	@Test
	void checksOriginsBeforeCapturingTheSession() {
		this.runner.run((context) -> {
			WebSocketHttpRequestHandler handler = requestHandler(context);
			assertThat(handler.getHandshakeInterceptors()).hasSize(2);
			assertThat(handler.getHandshakeInterceptors().get(0)).isInstanceOfSatisfying(
					OriginHandshakeInterceptor.class,
					(origins) -> assertThat(origins.getAllowedOrigins()).as("same origin only").isEmpty());
			assertThat(handler.getHandshakeInterceptors().get(1))
				.isSameAs(context.getBean(StoreHandshakeInterceptor.class));
			assertThat(WebSocketHandlerDecorator.unwrap(handler.getWebSocketHandler()))
				.isSameAs(context.getBean(StoreWebSocketHandler.class));
		});
	}

	@Test
	void allowsTheConfiguredOrigins() {
		this.runner.withPropertyValues("philjs.web.allowed-origins=https://app.example")
			.run((context) -> assertThat(
					((OriginHandshakeInterceptor) requestHandler(context).getHandshakeInterceptors().get(0))
						.getAllowedOrigins())
				.containsExactly("https://app.example"));
	}

	@Test
	void backsOffWhenTheWebLayerIsDisabled() {
		this.runner.withPropertyValues("philjs.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StoreWebSocketHandler.class)
				.doesNotHaveBean(PhilJsWebSocketAutoConfiguration.HANDLER_MAPPING_BEAN_NAME));
	}

	@Test
	void backsOffWhenTheWebSocketIsDisabled() {
		this.runner.withPropertyValues("philjs.web.websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StoreWebSocketHandler.class)
				.doesNotHaveBean(PhilJsWebSocketAutoConfiguration.HANDLER_MAPPING_BEAN_NAME)
				.hasSingleBean(StoreService.class));
	}

	@Test
	void backsOffOutsideAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(StoreService.class)
				.doesNotHaveBean(StoreWebSocketHandler.class));
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(StoreService.class)
				.doesNotHaveBean(StoreWebSocketHandler.class));
	}

	@Test
	void backsOffWithoutSpringWebSocket() {
		this.runner.withClassLoader(new FilteredClassLoader(TextWebSocketHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(StoreWebSocketHandler.class));
	}

	@Test
	void backsOffWithoutAWebSocketContainer() {
		this.runner.withClassLoader(new FilteredClassLoader("jakarta.websocket.server"))
			.run((context) -> assertThat(context).doesNotHaveBean(StoreWebSocketHandler.class));
	}

	@Test
	void backsOffWithoutTheStoreService() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsWebSocketAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(StoreWebSocketHandler.class));
	}

	@Test
	void usesTheApplicationsHandlerAndInterceptor() {
		this.runner.withUserConfiguration(CustomHandler.class).run((context) -> {
			assertThat(context).hasSingleBean(StoreWebSocketHandler.class)
				.hasSingleBean(StoreHandshakeInterceptor.class);
			StoreWebSocketHandler handler = context.getBean(StoreWebSocketHandler.class);
			assertThat(handler.limits().maxSubscriptions()).isEqualTo(3);
			WebSocketHttpRequestHandler requestHandler = requestHandler(context);
			assertThat(WebSocketHandlerDecorator.unwrap(requestHandler.getWebSocketHandler())).isSameAs(handler);
			assertThat(requestHandler.getHandshakeInterceptors().get(1)).isSameAs(context.getBean("customInterceptor"));
		});
	}

	@Test
	void backsOffFromTheApplicationsMappingAndRequestHandlerByName() {
		this.runner.withUserConfiguration(CustomMapping.class).run((context) -> {
			assertThat(context.getBean(PhilJsWebSocketAutoConfiguration.HANDLER_MAPPING_BEAN_NAME))
				.isSameAs(context.getBean(CustomMapping.class).mapping);
			assertThat(context.getBean(PhilJsWebSocketAutoConfiguration.REQUEST_HANDLER_BEAN_NAME))
				.isSameAs(context.getBean(CustomMapping.class).requestHandler);
		});
	}

	@Test
	void handshakeCreatesAnHttpSessionOnlyWhenTheApplicationHasSessionStores() {
		this.runner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/philjs/ws");
			Map<String, Object> attributes = handshake(context, request);
			assertThat(request.getSession(false)).isNotNull();
			assertThat(attributes).containsEntry(StoreHandshakeInterceptor.HTTP_SESSION_ID_ATTRIBUTE,
					request.getSession(false).getId());
		});
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withUserConfiguration(ApplicationStoreOnly.class)
			.run((context) -> {
				MockHttpServletRequest request = new MockHttpServletRequest("GET", "/philjs/ws");
				Map<String, Object> attributes = handshake(context, request);
				assertThat(request.getSession(false)).isNull();
				assertThat(attributes).isEmpty();
			});
	}

	@Test
	void handshakeResolvesContextFromTheContextBindingsBean() {
		this.runner.withBean(ContextBindings.class, () -> new ContextBindings(List.of(new UserResolver())))
			.run((context) -> {
				MockHttpServletRequest request = new MockHttpServletRequest("GET", "/philjs/ws");
				request.addHeader("X-User", "carol");
				Map<String, Object> attributes = handshake(context, request);
				assertThat(attributes.get(StoreHandshakeInterceptor.REQUEST_CONTEXT_ATTRIBUTE))
					.isEqualTo(List.of(WebSocketTestStores.USER.bind("carol")));
			});
	}

	private static Map<String, Object> handshake(org.springframework.context.ApplicationContext context,
			MockHttpServletRequest request) throws Exception {
		Map<String, Object> attributes = new HashMap<>();
		boolean accepted = context.getBean(StoreHandshakeInterceptor.class)
			.beforeHandshake(new ServletServerHttpRequest(request),
					new ServletServerHttpResponse(new MockHttpServletResponse()), new TextWebSocketHandler(),
					attributes);
		assertThat(accepted).isTrue();
		return attributes;
	}

	private static WebSocketHandlerMapping mapping(org.springframework.context.ApplicationContext context) {
		return context.getBean(PhilJsWebSocketAutoConfiguration.HANDLER_MAPPING_BEAN_NAME,
				WebSocketHandlerMapping.class);
	}

	private static WebSocketHttpRequestHandler requestHandler(org.springframework.context.ApplicationContext context) {
		return context.getBean(PhilJsWebSocketAutoConfiguration.REQUEST_HANDLER_BEAN_NAME,
				WebSocketHttpRequestHandler.class);
	}

	@Import(WebSocketTestStores.BoardStore.class)
	static class ApplicationStoreOnly {

	}

	static class UserResolver implements ContextResolver<String> {

		@Override
		public Context<String> context() {
			return WebSocketTestStores.USER;
		}

		@Override
		public String resolve(HttpServletRequest request) {
			return request.getHeader("X-User");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomHandler {

		@Bean
		StoreWebSocketHandler customHandler(StoreService service) {
			return new StoreWebSocketHandler(service,
					new StoreWebSocketHandler.Limits(1024, Duration.ofSeconds(1), 1024, 3));
		}

		@Bean
		StoreHandshakeInterceptor customInterceptor(StoreService service) {
			return new StoreHandshakeInterceptor(service.registry(), ContextBindings.NONE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMapping {

		final WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();

		final WebSocketHttpRequestHandler requestHandler = new WebSocketHttpRequestHandler(new TextWebSocketHandler());

		@Bean(PhilJsWebSocketAutoConfiguration.HANDLER_MAPPING_BEAN_NAME)
		WebSocketHandlerMapping customMapping() {
			this.mapping.setUrlMap(Map.of("/elsewhere", this.requestHandler));
			return this.mapping;
		}

		@Bean(PhilJsWebSocketAutoConfiguration.REQUEST_HANDLER_BEAN_NAME)
		WebSocketHttpRequestHandler customRequestHandler() {
			return this.requestHandler;
		}

	}

}
