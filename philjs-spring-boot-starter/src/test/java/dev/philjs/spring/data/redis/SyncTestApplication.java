package dev.philjs.spring.data.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.sync.Merge;
import dev.philjs.core.sync.Merges;
import dev.philjs.core.sync.Tally;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.MergeWith;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.Writable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The application the sync tests start several times, as several instances of one
 * service: a shared store with two writable signals, a hidden one changed by an action, a
 * memo derived locally, and two merged signals (a set of tags and a count).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SyncTestApplication.BoardStore.class)
class SyncTestApplication {

	@Bean
	SecurityFilterChain permitAll(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	/** The shared store. */
	@PhilStore(name = "board", shared = true)
	static class BoardStore {

		@Writable
		final Signal<Integer> count = Reactive.signal(0);

		@Writable
		final Signal<String> title = Reactive.signal("");

		final Signal<List<String>> notes = Reactive.signal(List.of());

		final Memo<Integer> doubled = Reactive.memo(() -> this.count.get() * 2);

		@MergeWith(SortedUnion.class)
		final Signal<List<String>> tags = Reactive.signal(List.of());

		private final Merges.Counter counter = new Merges.Counter();

		@MergeWith(Merges.Counter.class)
		final Signal<Tally> likes = Reactive.signal(Tally.ZERO);

		final Memo<Long> likeCount = Reactive.memo(() -> this.likes.get().total());

		@Action
		public int note(String text) {
			return this.notes.update((current) -> {
				List<String> next = new ArrayList<>(current);
				next.add(text);
				return List.copyOf(next);
			}).size();
		}

		@Action
		public long like(int delta) {
			return this.likes.update((current) -> this.counter.add(current, delta)).total();
		}

		@Action
		public void tag(String tag) {
			this.tags.update((current) -> SortedUnion.union(current, List.of(tag)));
		}

	}

	/** The union of two lists, sorted, without duplicates: a join. */
	public static final class SortedUnion implements Merge<List<String>> {

		@Override
		public List<String> merge(List<String> local, List<String> remote) {
			return union(local, remote);
		}

		static List<String> union(List<String> a, List<String> b) {
			TreeSet<String> union = new TreeSet<>(a);
			union.addAll(b);
			return List.copyOf(union);
		}

	}

	/**
	 * Starts one instance on a random port, syncing through {@code redis} under
	 * {@code prefix}.
	 */
	static ConfigurableApplicationContext start(RedisStandaloneConfiguration redis, String prefix,
			String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "spring.main.banner-mode=off", "spring.data.redis.host=" + redis.getHostName(),
						"spring.data.redis.port=" + redis.getPort(), "spring.data.redis.timeout=2s",
						"philjs.sync.type=redis", "philjs.sync.key-prefix=" + prefix, "philjs.sync.poll-timeout=500ms",
						"philjs.web.sse.heartbeat=0s", "management.health.redis.enabled=false"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(SyncTestApplication.class).properties(all.toArray(String[]::new)).run();
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static BoardStore board(ConfigurableApplicationContext context) {
		return context.getBean(BoardStore.class);
	}

	static final Duration WAIT = Duration.ofSeconds(30);

}
