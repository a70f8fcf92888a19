package dev.philjs.spring.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.Writable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The server the remote client tests talk to: a few application stores of the same shape
 * (one per test, so tests do not see each other's versions).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ClientTestApplication.TickerStore.class, ClientTestApplication.DeskStore.class,
		ClientTestApplication.ClosingStore.class, ClientTestApplication.ResumeStore.class,
		ClientTestApplication.PausedStore.class })
class ClientTestApplication {

	/** Spring Security is on the test classpath: let every request through. */
	@Bean
	SecurityFilterChain permitAll(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	/** A counter with a writable label and a read-only total. */
	abstract static class Board extends Store {

		@Writable
		final Signal<Integer> count = signal("count", 0);

		@Writable
		final Signal<String> label = signal("label", "");

		final Signal<Integer> total = signal("total", 0);

		@Action
		public int add(int amount) {
			this.total.update((t) -> t + amount);
			return this.count.update((c) -> c + amount);
		}

	}

	@PhilStore("ticker")
	static class TickerStore extends Board {

	}

	@PhilStore("desk")
	static class DeskStore extends Board {

	}

	@PhilStore("closing")
	static class ClosingStore extends Board {

	}

	@PhilStore("resume")
	static class ResumeStore extends Board {

	}

	@PhilStore("paused")
	static class PausedStore extends Board {

	}

	/** The server-side store object behind {@code name}. */
	static Board board(StoreRegistry registry, String name) {
		return (Board) registry.instance(name, StoreScopeKey.NONE).target();
	}

	/** A client side: its own HTTP client and a one-thread scheduler, closed together. */
	static final class Client implements AutoCloseable {

		final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);

		final RemoteStores stores;

		Client(int port, Duration initialBackoff, Duration maxBackoff) {
			this.executor.setRemoveOnCancelPolicy(true);
			this.stores = new RemoteStores(URI.create("http://localhost:" + port + "/philjs/"),
					JsonMapper.builder().build(), this.http, this.executor)
				.withBackoff(initialBackoff, maxBackoff)
				.withRequestTimeout(Duration.ofSeconds(5));
		}

		@Override
		public void close() {
			this.executor.shutdownNow();
		}

	}

}
