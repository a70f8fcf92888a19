package dev.philjs.spring.autoconfigure;

import java.util.EnumSet;
import java.util.List;

import dev.philjs.spring.context.ContextBindings;
import dev.philjs.spring.context.ContextResolver;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.web.StoreCallerResolver;
import dev.philjs.spring.web.StoreEventStreams;
import dev.philjs.spring.web.StoreHttpHandler;
import dev.philjs.spring.web.StoreRequestFilter;
import dev.philjs.spring.web.StoreSessionListener;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Auto-configuration of the PhilJS HTTP API and SSE streams on Spring MVC, under
 * {@code philjs.web.base-path}: the request filter that builds store callers and ends
 * request stores, the session listener that ends session stores, and the routes.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { WebMvcAutoConfiguration.class, PhilJsAutoConfiguration.class })
@ConditionalOnClass({ DispatcherServlet.class, RouterFunction.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(StoreService.class)
@ConditionalOnBooleanProperty(name = "philjs.web.enabled", matchIfMissing = true)
public final class PhilJsWebMvcAutoConfiguration {

	/** Name of the scheduler that checks SSE streams for idleness (heartbeats). */
	public static final String SSE_SCHEDULER_BEAN_NAME = "philjsSseScheduler";

	/** Name of the router function of the HTTP API. */
	public static final String ROUTES_BEAN_NAME = "philjsStoreRoutes";

	/** Name of the registration of the {@link StoreRequestFilter}. */
	public static final String FILTER_BEAN_NAME = "philjsStoreRequestFilter";

	/** Name of the registration of the {@link StoreSessionListener}. */
	public static final String SESSION_LISTENER_BEAN_NAME = "philjsStoreSessionListener";

	@Bean
	@ConditionalOnMissingBean
	ContextBindings philjsContextBindings(ObjectProvider<ContextResolver<?>> resolvers) {
		return new ContextBindings(resolvers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	StoreCallerResolver philjsStoreCallerResolver(ContextBindings bindings) {
		return new StoreCallerResolver(bindings);
	}

	@Bean(name = FILTER_BEAN_NAME)
	@ConditionalOnMissingBean(name = FILTER_BEAN_NAME)
	FilterRegistrationBean<StoreRequestFilter> philjsStoreRequestFilter(StoreCallerResolver resolver,
			StoreRegistry registry, PhilJsProperties properties) {
		String basePath = basePath(properties);
		FilterRegistrationBean<StoreRequestFilter> registration = new FilterRegistrationBean<>(
				new StoreRequestFilter(resolver, registry, basePath));
		registration.addUrlPatterns(basePath + "/*");
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
		registration.setOrder(StoreRequestFilter.DEFAULT_ORDER);
		return registration;
	}

	@Bean(name = SESSION_LISTENER_BEAN_NAME)
	@ConditionalOnMissingBean(name = SESSION_LISTENER_BEAN_NAME)
	ServletListenerRegistrationBean<StoreSessionListener> philjsStoreSessionListener(StoreRegistry registry) {
		return new ServletListenerRegistrationBean<>(new StoreSessionListener(registry));
	}

	@Bean(name = SSE_SCHEDULER_BEAN_NAME)
	@ConditionalOnMissingBean(name = SSE_SCHEDULER_BEAN_NAME)
	ThreadPoolTaskScheduler philjsSseScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("philjs-sse-");
		scheduler.setDaemon(true);
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

	@Bean
	@ConditionalOnMissingBean
	StoreEventStreams philjsStoreEventStreams(StoreService service, PhilJsProperties properties,
			@Qualifier(SSE_SCHEDULER_BEAN_NAME) TaskScheduler scheduler) {
		PhilJsProperties.Sse sse = properties.getWeb().getSse();
		return new StoreEventStreams(service.json(), scheduler, sse.getHeartbeat(), sse.getTimeout(), sse.getRetry(),
				sse.getStallTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	StoreHttpHandler philjsStoreHttpHandler(StoreService service, StoreEventStreams streams,
			StoreCallerResolver resolver, PhilJsProperties properties) {
		PhilJsProperties.Web web = properties.getWeb();
		return new StoreHttpHandler(service, streams, resolver, web.getMaxBodySize().toBytes(),
				web.getAllowedOrigins());
	}

	@Bean(name = ROUTES_BEAN_NAME)
	@ConditionalOnMissingBean(name = ROUTES_BEAN_NAME)
	RouterFunction<ServerResponse> philjsStoreRoutes(StoreHttpHandler handler, PhilJsProperties properties) {
		return handler.routes(basePath(properties));
	}

	/** CORS for the HTTP API and the SSE streams, when other origins are allowed. */
	@Bean
	@ConditionalOnMissingBean(name = "philjsCorsConfigurer")
	WebMvcConfigurer philjsCorsConfigurer(PhilJsProperties properties) {
		String basePath = basePath(properties);
		List<String> origins = properties.getWeb().getAllowedOrigins();
		return new WebMvcConfigurer() {

			@Override
			public void addCorsMappings(CorsRegistry registry) {
				if (origins.isEmpty()) {
					return;
				}
				registry.addMapping(basePath + "/stores/**")
					.allowedOriginPatterns(origins.toArray(String[]::new))
					.allowedMethods("GET", "HEAD", "PUT", "POST")
					.allowedHeaders("Content-Type", "If-Match", "If-None-Match", "Last-Event-ID")
					.exposedHeaders("ETag")
					// a wildcard origin never gets the user's cookies
					.allowCredentials(!origins.contains("*"));
			}

		};
	}

	/** The base path without a trailing slash, with a leading one ("" for the root). */
	static String basePath(PhilJsProperties properties) {
		String path = properties.getWeb().getBasePath().trim();
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return (path.isEmpty() || path.startsWith("/")) ? path : "/" + path;
	}

}
