package dev.philjs.spring.web;

import java.time.Duration;
import java.util.List;

import dev.philjs.core.Context;
import dev.philjs.core.Reactive;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsWebMvcAutoConfiguration;
import dev.philjs.spring.context.ContextBindings;
import dev.philjs.spring.context.ContextResolver;
import dev.philjs.spring.store.StoreService;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-offs of {@link PhilJsWebMvcAutoConfiguration}.
 */
class PhilJsWebMvcAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
			PhilJsAutoConfiguration.class, WebMvcAutoConfiguration.class, PhilJsWebMvcAutoConfiguration.class);

	private static final List<Class<?>> WEB_TYPES = List.of(ContextBindings.class, StoreCallerResolver.class,
			StoreEventStreams.class, StoreHttpHandler.class);

	private static final List<String> WEB_NAMES = List.of(PhilJsWebMvcAutoConfiguration.ROUTES_BEAN_NAME,
			PhilJsWebMvcAutoConfiguration.FILTER_BEAN_NAME, PhilJsWebMvcAutoConfiguration.SESSION_LISTENER_BEAN_NAME,
			PhilJsWebMvcAutoConfiguration.SSE_SCHEDULER_BEAN_NAME);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	@Test
	void servletApplicationGetsTheFilterTheListenerTheSchedulerAndTheRoutes() {
		this.runner.run((context) -> {
			assertHasWebBeans(context);
			FilterRegistrationBean<?> filter = context.getBean(PhilJsWebMvcAutoConfiguration.FILTER_BEAN_NAME,
					FilterRegistrationBean.class);
			assertThat(filter.getFilter()).isInstanceOf(StoreRequestFilter.class);
			assertThat(filter.getUrlPatterns()).containsExactly("/philjs/*");
			assertThat(filter.getOrder()).isEqualTo(StoreRequestFilter.DEFAULT_ORDER);
			ServletListenerRegistrationBean<?> listener = context.getBean(
					PhilJsWebMvcAutoConfiguration.SESSION_LISTENER_BEAN_NAME, ServletListenerRegistrationBean.class);
			assertThat(listener.getListener()).isInstanceOf(StoreSessionListener.class);
			assertThat(routes(context).route(request("GET", "/philjs/stores"))).isPresent();
			assertThat(routes(context).route(request("GET", "/other/stores"))).isEmpty();
		});
	}

	@Test
	void nonWebApplicationGetsNoWebBeans() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS).run((context) -> {
			assertThat(context).hasSingleBean(StoreService.class);
			assertHasNoWebBeans(context);
		});
	}

	@Test
	void reactiveWebApplicationGetsNoServletBeans() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS).run((context) -> {
			assertThat(context).hasSingleBean(StoreService.class);
			assertHasNoWebBeans(context);
		});
	}

	@Test
	void disabledWebGetsNoWebBeans() {
		this.runner.withPropertyValues("philjs.web.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(StoreService.class);
			assertHasNoWebBeans(context);
		});
	}

	@Test
	void withoutSpringMvcThereAreNoWebBeans() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run(PhilJsWebMvcAutoConfigurationTests::assertHasNoWebBeans);
	}

	@Test
	void withoutTheStoreServiceThereAreNoWebBeans() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(WebMvcAutoConfiguration.class, PhilJsWebMvcAutoConfiguration.class))
			.run(PhilJsWebMvcAutoConfigurationTests::assertHasNoWebBeans);
	}

	@Test
	void basePathIsNormalizedAndUsedByTheFilterAndTheRoutes() {
		this.runner.withPropertyValues("philjs.web.base-path=api/live/").run((context) -> {
			FilterRegistrationBean<?> filter = context.getBean(PhilJsWebMvcAutoConfiguration.FILTER_BEAN_NAME,
					FilterRegistrationBean.class);
			assertThat(filter.getUrlPatterns()).containsExactly("/api/live/*");
			assertThat(routes(context).route(request("GET", "/api/live/stores"))).isPresent();
			assertThat(routes(context).route(request("GET", "/philjs/stores"))).isEmpty();
		});
	}

	@Test
	void contextBindingsAreBuiltFromEveryContextResolverBean() {
		this.runner.withUserConfiguration(TenantResolverConfiguration.class).run((context) -> {
			ContextBindings bindings = context.getBean(ContextBindings.class);
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("X-Tenant", "acme");
			List<Context.Binding<?>> resolved = bindings.forRequest(request);
			assertThat(resolved).singleElement().satisfies((binding) -> assertThat(binding.value()).isEqualTo("acme"));
			assertThat(context.getBean(StoreCallerResolver.class).bindings()).isSameAs(bindings);
		});
	}

	@Test
	void backsOffFromUserDefinedBeans() {
		this.runner.withUserConfiguration(UserBeansConfiguration.class).run((context) -> {
			assertThat(context.getBean(ContextBindings.class)).isSameAs(UserBeansConfiguration.BINDINGS);
			assertThat(context.getBean(PhilJsWebMvcAutoConfiguration.ROUTES_BEAN_NAME))
				.isSameAs(context.getBean(UserBeansConfiguration.class).routes);
			assertThat(context.getBean(PhilJsWebMvcAutoConfiguration.FILTER_BEAN_NAME))
				.isSameAs(context.getBean(UserBeansConfiguration.class).filter);
			assertThat(context.getBean(PhilJsWebMvcAutoConfiguration.SSE_SCHEDULER_BEAN_NAME))
				.isSameAs(context.getBean(UserBeansConfiguration.class).scheduler);
			assertThat(context).hasSingleBean(StoreHttpHandler.class);
		});
	}

	@Test
	void backsOffFromAUserDefinedHandlerAndStreams() {
		this.runner.withUserConfiguration(UserHandlerConfiguration.class).run((context) -> {
			assertThat(context.getBean(StoreHttpHandler.class))
				.isSameAs(context.getBean(UserHandlerConfiguration.class).handler);
			assertThat(context.getBean(StoreEventStreams.class))
				.isSameAs(context.getBean(UserHandlerConfiguration.class).streams);
		});
	}

	@SuppressWarnings("unchecked")
	private static RouterFunction<ServerResponse> routes(ApplicationContext context) {
		return context.getBean(PhilJsWebMvcAutoConfiguration.ROUTES_BEAN_NAME, RouterFunction.class);
	}

	private static ServerRequest request(String method, String path) {
		return ServerRequest.create(new MockHttpServletRequest(method, path),
				List.of(new StringHttpMessageConverter()));
	}

	private static <C extends ApplicationContext> void assertHasWebBeans(ApplicationContextAssertProvider<C> context) {
		assertThat(context).hasNotFailed();
		for (Class<?> type : WEB_TYPES) {
			assertThat(context).hasSingleBean(type);
		}
		for (String name : WEB_NAMES) {
			assertThat(context).hasBean(name);
		}
	}

	private static <C extends ApplicationContext> void assertHasNoWebBeans(
			ApplicationContextAssertProvider<C> context) {
		assertThat(context).hasNotFailed();
		for (Class<?> type : WEB_TYPES) {
			assertThat(context).doesNotHaveBean(type);
		}
		for (String name : WEB_NAMES) {
			assertThat(context).doesNotHaveBean(name);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class TenantResolverConfiguration {

		static final Context<String> TENANT = Reactive.createContext("tenant", "none");

		@Bean
		ContextResolver<String> tenantResolver() {
			return new ContextResolver<>() {

				@Override
				public Context<String> context() {
					return TENANT;
				}

				@Override
				public String resolve(HttpServletRequest request) {
					return request.getHeader("X-Tenant");
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		static final ContextBindings BINDINGS = new ContextBindings(List.of());

		final RouterFunction<ServerResponse> routes = RouterFunctions.route()
			.GET("/mine", (request) -> ServerResponse.ok().build())
			.build();

		final FilterRegistrationBean<StoreRequestFilter> filter = new FilterRegistrationBean<>();

		final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

		@Bean
		ContextBindings userBindings() {
			return BINDINGS;
		}

		@Bean(PhilJsWebMvcAutoConfiguration.ROUTES_BEAN_NAME)
		RouterFunction<ServerResponse> userRoutes() {
			return this.routes;
		}

		@Bean(PhilJsWebMvcAutoConfiguration.FILTER_BEAN_NAME)
		FilterRegistrationBean<StoreRequestFilter> userFilter() {
			return this.filter;
		}

		@Bean(PhilJsWebMvcAutoConfiguration.SSE_SCHEDULER_BEAN_NAME)
		ThreadPoolTaskScheduler userScheduler() {
			return this.scheduler;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHandlerConfiguration {

		StoreHttpHandler handler;

		StoreEventStreams streams;

		@Bean
		StoreEventStreams userStreams(StoreService service) {
			this.streams = new StoreEventStreams(service.json(), new ThreadPoolTaskScheduler(), Duration.ZERO,
					Duration.ZERO, Duration.ZERO, Duration.ZERO);
			return this.streams;
		}

		@Bean
		StoreHttpHandler userHandler(StoreService service, StoreEventStreams streams) {
			this.handler = new StoreHttpHandler(service, streams, new StoreCallerResolver(ContextBindings.NONE), 10,
					List.of());
			return this.handler;
		}

	}

}
