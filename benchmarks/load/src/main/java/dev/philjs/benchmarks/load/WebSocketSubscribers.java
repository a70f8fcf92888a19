package dev.philjs.benchmarks.load;

import java.net.URI;
import java.util.Map;

import io.netty.channel.ChannelOption;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * WebSocket subscribers (Spring's Reactor Netty WebSocket client, one connection each),
 * each subscribed to one store with the PhilJS protocol's {@code subscribe} message.
 */
final class WebSocketSubscribers extends Subscribers {

	private final ReactorNettyWebSocketClient client;

	private final URI uri;

	private final String subscribe;

	WebSocketSubscribers(String uri, String store) {
		this.client = client();
		this.uri = URI.create(uri);
		this.subscribe = Http.json(Map.of("type", "subscribe", "store", store));
	}

	static ReactorNettyWebSocketClient client() {
		return new ReactorNettyWebSocketClient(
				HttpClient.create(ConnectionProvider.newConnection())
					.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000),
				() -> WebsocketClientSpec.builder().maxFramePayloadLength(1024 * 1024));
	}

	@Override
	Disposable connect(boolean stalled, Runnable onReady, Runnable onFailure) {
		return this.client.execute(this.uri, (session) -> session.send(Mono.just(session.textMessage(this.subscribe)))
			.thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext((frame) -> {
				String type = Events.type(frame);
				if ("change".equals(type)) {
					onChange(Events.sent(frame));
				}
				else if ("snapshot".equals(type)) {
					onReady.run();
				}
			}))
			.then()).subscribe(null, (error) -> {
				this.errors.increment();
				onFailure.run();
			}, onFailure);
	}

}
