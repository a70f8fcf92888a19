package dev.philjs.spring.reliability;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.philjs.core.Memo;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Access;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.Persisted;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.Writable;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

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
 * The application of the reliability tests: a counter, a pair of signals with their sum,
 * stores with access rules in every scope, a store for the fuzzer, a session store that
 * depends on an application store (for the leak checks) and a persisted counter (for the
 * Redis faults). Spring Security lets every request through with HTTP Basic (users
 * {@code alice}, role USER, and {@code admin}, role ADMIN); the store rules decide.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ReliabilityTestApplication.TallyStore.class, ReliabilityTestApplication.PairStore.class,
		ReliabilityTestApplication.StreamStore.class, ReliabilityTestApplication.BoardStore.class,
		ReliabilityTestApplication.InboxStore.class, ReliabilityTestApplication.AuditStore.class,
		ReliabilityTestApplication.FuzzStore.class, ReliabilityTestApplication.PriceStore.class,
		ReliabilityTestApplication.BasketStore.class, ReliabilityTestApplication.ScratchStore.class,
		ReliabilityTestApplication.DurableStore.class })
public class ReliabilityTestApplication {

	/** The users of the tests, with the password of every one. */
	static final String PASSWORD = "pw";

	@Bean
	SecurityFilterChain permitAll(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}" + PASSWORD).roles("USER").build(),
				User.withUsername("admin").password("{noop}" + PASSWORD).roles("ADMIN").build());
	}

	/** Ends the caller's session, as its expiry would: the container destroys it. */
	@Bean
	RouterFunction<ServerResponse> sessionRoutes() {
		return RouterFunctions.route().POST("/test/expire", (request) -> {
			HttpSession session = request.servletRequest().getSession(false);
			if (session != null) {
				session.invalidate();
			}
			return ServerResponse.noContent().build();
		}).build();
	}

	/** A counter that many clients increment at once. */
	@PhilStore("tally")
	static class TallyStore extends Store {

		final Signal<Integer> count = signal("count", 0);

		@Action
		public int increment() {
			return this.count.update((c) -> c + 1);
		}

	}

	/** Two signals written separately and their sum, which must never be torn. */
	@PhilStore("pair")
	static class PairStore extends Store {

		@Writable
		final Signal<Integer> a = signal("a", 0);

		@Writable
		final Signal<Integer> b = signal("b", 0);

		final Memo<Integer> sum = memo("sum", () -> this.a.get() + this.b.get());

		@Action
		public int shift(int by) {
			this.a.update((v) -> v + by);
			this.b.update((v) -> v - by);
			return this.sum.get();
		}

	}

	/** A text written in a steady stream, for clients that are cut off and resume. */
	@PhilStore("stream")
	static class StreamStore extends Store {

		@Writable
		final Signal<String> text = signal("text", "");

	}

	/** Application store: open reads, writes need a login, pinning needs ADMIN. */
	@PhilStore("board")
	@Access(write = "isAuthenticated()")
	static class BoardStore extends Store {

		@Writable
		final Signal<String> text = signal("text", "");

		final Signal<Boolean> pinned = signal("pinned", false);

		@Action
		@Access(write = "hasRole('ADMIN')")
		public void pin() {
			this.pinned.set(true);
		}

	}

	/** Session store: everything needs role USER. */
	@PhilStore(name = "inbox", scope = StoreScope.SESSION)
	@Access(read = "hasRole('USER')", write = "hasRole('USER')")
	static class InboxStore extends Store {

		@Writable
		final Signal<String> draft = signal("draft", "");

		final Signal<Integer> sent = signal("sent", 0);

		@Action
		public int send() {
			return this.sent.update((s) -> s + 1);
		}

	}

	/** Request store: everything needs role ADMIN. */
	@PhilStore(name = "audit", scope = StoreScope.REQUEST)
	@Access(read = "hasRole('ADMIN')")
	static class AuditStore extends Store {

		@Writable
		final Signal<String> filter = signal("filter", "");

		@Action
		public String purge() {
			return "purged";
		}

	}

	/** An item of the fuzzed store, with constraints. */
	record Item(String name, @Min(0) @Max(99) int quantity) {
	}

	/** Signals and actions of several types, the target of the fuzzer. */
	@PhilStore("fuzz")
	static class FuzzStore extends Store {

		@Writable
		final Signal<Integer> number = signal("number", 0);

		@Writable
		final Signal<String> text = signal("text", "");

		@Writable
		final Signal<List<String>> tags = signal("tags", List.of());

		@Writable
		final Signal<Item> item = signal("item", new Item("pen", 1));

		final Signal<Long> total = signal("total", 0L);

		@Action
		public long add(@Min(1) @Max(1000) int amount) {
			return this.total.update((t) -> t + amount);
		}

		@Action
		public String rename(String name, boolean upper) {
			this.text.set(upper ? name.toUpperCase() : name);
			return this.text.get();
		}

		@Action
		public void fail() {
			throw new IllegalStateException("refused by the store");
		}

	}

	/** An application store that session stores depend on. */
	@PhilStore("prices")
	static class PriceStore extends Store {

		@Writable
		final Signal<Integer> rate = signal("rate", 1);

	}

	/**
	 * A session store whose memo reads the application store {@code prices}: an instance
	 * that is not disposed stays linked to {@code rate} and recomputes on each of its
	 * writes. Each instance is recorded weakly, so tests can see that it is collected.
	 */
	@PhilStore(name = "basket", scope = StoreScope.SESSION)
	static class BasketStore extends Store {

		static final Queue<WeakReference<BasketStore>> created = new ConcurrentLinkedQueue<>();

		@Writable
		final Signal<Integer> items = signal("items", 0);

		final Memo<Integer> cost;

		BasketStore(PriceStore prices) {
			this.cost = memo("cost", () -> this.items.get() * prices.rate.get());
			created.add(new WeakReference<>(this));
		}

		@Action
		public int add() {
			return this.items.update((i) -> i + 1);
		}

	}

	/** A request store. */
	@PhilStore(name = "scratch", scope = StoreScope.REQUEST)
	static class ScratchStore extends Store {

		final Signal<Integer> hits = signal("hits", 0);

		@Action
		public int hit() {
			return this.hits.update((h) -> h + 1);
		}

	}

	/** A counter persisted in the application's storage. */
	@PhilStore("durable")
	static class DurableStore extends Store {

		@Persisted
		final Signal<Integer> count = signal("count", 0);

		@Action
		public int increment() {
			return this.count.update((c) -> c + 1);
		}

	}

}
