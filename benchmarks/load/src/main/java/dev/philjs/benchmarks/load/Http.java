package dev.philjs.benchmarks.load;

import java.time.Duration;
import java.util.Map;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The harness's HTTP clients (Spring's {@link WebClient} on Reactor Netty): a pooled one
 * for writes and probes, and an unpooled one for long-lived streams (one connection
 * each).
 */
final class Http {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient pooled;

	private final WebClient streams;

	private final boolean leanSse;

	/**
	 * Creates the clients.
	 * @param sseClient {@code netty} or {@code webclient} (see {@link SseSubscribers})
	 */
	Http(String sseClient) {
		if (!sseClient.equals("netty") && !sseClient.equals("webclient")) {
			throw new IllegalArgumentException("--sse-client must be netty or webclient, was " + sseClient);
		}
		this.leanSse = sseClient.equals("netty");
		ConnectionProvider pool = ConnectionProvider.builder("load-writes")
			.maxConnections(256)
			.pendingAcquireMaxCount(-1)
			.build();
		// the writes get their own event loop: their responses must not queue behind the
		// subscribers' events on the shared loops (that would count client backlog as
		// write latency)
		LoopResources loop = LoopResources.create("load-writes", 1, true);
		this.pooled = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool).runOn(loop)))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
		this.streams = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
	}

	WebClient pooled() {
		return this.pooled;
	}

	boolean leanSse() {
		return this.leanSse;
	}

	WebClient streams() {
		return this.streams;
	}

	/** Sends a JSON body and returns the status code, without blocking. */
	Mono<Integer> send(HttpMethod method, String url, String body) {
		return this.pooled.method(method)
			.uri(url)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	/** GETs a JSON document (blocking, bounded). */
	JsonNode get(String url) {
		String body = this.pooled.get().uri(url).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(60));
		return JSON.readTree(body);
	}

	static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	static String tick(long sent, String payload) {
		return json(Map.of("sent", sent, "payload", payload));
	}

}
