package dev.philjs.spring.web;

import java.util.ArrayList;
import java.util.List;

import dev.philjs.core.Context;
import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.context.ContextResolver;
import dev.philjs.spring.store.Access;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.Hidden;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.Writable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The application the web integration tests run: test stores of every scope, a
 * request-scoped context resolver, and a test-only endpoint that invalidates the session.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ WebTestApplication.CounterStore.class, WebTestApplication.CartStore.class,
		WebTestApplication.ScratchStore.class, WebTestApplication.FeedStore.class,
		WebTestApplication.JournalStore.class, WebTestApplication.LedgerStore.class, WebTestApplication.BulkStore.class,
		WebTestApplication.QuietStore.class })
class WebTestApplication {

	/** The tenant of the current request, from the {@code X-Tenant} header. */
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

	/**
	 * Spring Security is on the test classpath: every request gets through, with HTTP
	 * Basic for the tests of access rules (the store rules decide).
	 */
	@Bean
	SecurityFilterChain permitAll(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}pw").roles("USER").build(),
				User.withUsername("admin").password("{noop}pw").roles("ADMIN").build());
	}

	@Bean
	RouterFunction<ServerResponse> testRoutes() {
		return RouterFunctions.route().POST("/test/logout", (request) -> {
			HttpSession session = request.servletRequest().getSession(false);
			if (session != null) {
				session.invalidate();
			}
			return ServerResponse.noContent().build();
		}).build();
	}

	@PhilStore("counter")
	static class CounterStore extends Store {

		final Signal<Integer> count = signal("count", 0);

		final Memo<Integer> doubled = memo("doubled", () -> this.count.get() * 2);

		@Writable
		final Signal<String> label = signal("label", "");

		@Writable
		final Signal<Integer> limit = signal("limit", 10);

		@Hidden
		final Signal<String> secret = signal("secret", "s");

		@Action
		public int increment() {
			return this.count.update((c) -> c + 1);
		}

		@Action
		public int add(int amount) {
			return this.count.update((c) -> c + amount);
		}

		@Action
		public void fail(String reason) {
			throw new IllegalStateException(reason);
		}

		@Action
		public String tenant() {
			return Reactive.useContext(TENANT);
		}

	}

	@PhilStore(name = "cart", scope = StoreScope.SESSION)
	static class CartStore extends Store {

		@Writable
		final Signal<List<String>> items = signal("items", List.of());

		@Action
		public int add(String item) {
			List<String> next = new ArrayList<>(this.items.get());
			next.add(item);
			this.items.set(List.copyOf(next));
			return next.size();
		}

	}

	@PhilStore(name = "scratch", scope = StoreScope.REQUEST)
	static class ScratchStore extends Store {

		final Signal<Integer> hits = signal("hits", 0);

		@Action
		public int hit() {
			return this.hits.update((h) -> h + 1);
		}

	}

	@PhilStore("vault")
	@Access(read = "isAuthenticated()", write = "hasRole('ADMIN')")
	static class VaultStore extends Store {

		@Writable
		final Signal<String> secret = signal("secret", "gold");

	}

	/** A store with one writable text, for stream tests (one subclass per test). */
	abstract static class TextStore extends Store {

		@Writable
		final Signal<String> text = signal("text", "");

	}

	@PhilStore("feed")
	static class FeedStore extends TextStore {

	}

	@PhilStore("journal")
	static class JournalStore extends TextStore {

	}

	@PhilStore("ledger")
	static class LedgerStore extends TextStore {

	}

	@PhilStore("bulk")
	static class BulkStore extends TextStore {

	}

	@PhilStore("quiet")
	static class QuietStore extends TextStore {

	}

}
