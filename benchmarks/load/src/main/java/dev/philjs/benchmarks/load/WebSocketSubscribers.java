package dev.philjs.benchmarks.load;

import java.net.URI;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.core.JsonParser;

import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * WebSocket subscribers, one connection each, each subscribed to one store with the
 * PhilJS protocol's {@code subscribe} message. They read text frames straight from
 * Reactor Netty's WebSocket client and parse each frame once (its {@code type}, then its
 * {@code sent}) with Jackson's streaming parser.
 */
final class WebSocketSubscribers extends Subscribers {

	private static final int MAX_FRAME = 1024 * 1024;

	private static final HttpClient LEAN = HttpClient.create(ConnectionProvider.newConnection())
		.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);

	private static final WebsocketClientSpec SPEC = WebsocketClientSpec.builder()
		.maxFramePayloadLength(MAX_FRAME)
		.build();

	private final String uri;

	private final String subscribe;

	WebSocketSubscribers(String uri, String store) {
		this.uri = uri;
		this.subscribe = Http.json(Map.of("type", "subscribe", "store", store));
	}

	/** Spring's WebSocket client on Reactor Netty, for the writers. */
	static ReactorNettyWebSocketClient client() {
		return new ReactorNettyWebSocketClient(
				HttpClient.create(ConnectionProvider.newConnection())
					.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000),
				() -> WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME));
	}

	@Override
	Disposable connect(boolean stalled, Runnable onReady, Runnable onFailure) {
		return LEAN.websocket(SPEC)
			.uri(URI.create(this.uri))
			.handle((in, out) -> out.sendString(Mono.just(this.subscribe))
				.then()
				.thenMany(in.aggregateFrames(MAX_FRAME).receiveFrames().doOnNext((frame) -> {
					if (frame instanceof TextWebSocketFrame) {
						read(frame.content(), onReady);
					}
				})))
			.subscribe(null, (error) -> {
				this.errors.increment();
				onFailure.run();
			}, onFailure);
	}

	private void read(ByteBuf content, Runnable onReady) {
		byte[] bytes = new byte[content.readableBytes()];
		content.getBytes(content.readerIndex(), bytes);
		try (JsonParser parser = Http.JSON.createParser(bytes)) {
			String type = Events.type(parser);
			if ("change".equals(type)) {
				onChange(Events.sent(parser));
			}
			else if ("snapshot".equals(type)) {
				onReady.run();
			}
		}
	}

}
