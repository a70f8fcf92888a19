package dev.philjs.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * SSE subscribers, one connection each, with one of two clients ({@code --sse-client}):
 * {@code netty} (the default) reads the body's bytes straight from Reactor Netty's
 * {@link HttpClient} and splits them into lines and events itself; {@code webclient} is
 * Spring's {@code WebClient} with its SSE decoder (about twice the harness CPU per event:
 * the harness shares the machine with the target, so its cost shows in every figure).
 */
final class SseSubscribers extends Subscribers {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	private static final HttpClient LEAN = HttpClient.create(ConnectionProvider.newConnection())
		.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
		.headers((headers) -> headers.set(HttpHeaderNames.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE));

	private final Http http;

	private final String url;

	SseSubscribers(Http http, String url) {
		this.http = http;
		this.url = url;
	}

	@Override
	Disposable connect(boolean stalled, Runnable onReady, Runnable onFailure) {
		return this.http.leanSse() ? connectLean(stalled, onReady, onFailure)
				: connectWebClient(stalled, onReady, onFailure);
	}

	private Disposable connectLean(boolean stalled, Runnable onReady, Runnable onFailure) {
		EventLines lines = new EventLines(onReady);
		Flux<ByteBuf> body = LEAN.get().uri(this.url).responseContent();
		// asks for one buffer at a time; a stalled subscriber stops asking after its
		// snapshot, and Reactor Netty then stops reading the socket
		BaseSubscriber<ByteBuf> subscriber = new BaseSubscriber<>() {
			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				if (stalled) {
					request(1);
				}
				else {
					requestUnbounded();
				}
			}

			@Override
			protected void hookOnNext(ByteBuf buffer) {
				lines.feed(buffer);
				if (stalled && !lines.ready) {
					request(1);
				}
			}

			@Override
			protected void hookOnError(Throwable error) {
				SseSubscribers.this.errors.increment();
				onFailure.run();
			}

			@Override
			protected void hookOnComplete() {
				onFailure.run();
			}
		};
		body.subscribe(subscriber);
		return subscriber;
	}

	private Disposable connectWebClient(boolean stalled, Runnable onReady, Runnable onFailure) {
		Flux<ServerSentEvent<String>> events = this.http.streams()
			.get()
			.uri(this.url)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENT);
		if (stalled) {
			// asks for events one by one until the snapshot, then never again: Reactor
			// Netty stops reading the socket once the decoder's prefetch is full
			BaseSubscriber<ServerSentEvent<String>> subscriber = new BaseSubscriber<>() {
				@Override
				protected void hookOnSubscribe(Subscription subscription) {
					request(1);
				}

				@Override
				protected void hookOnNext(ServerSentEvent<String> event) {
					if ("snapshot".equals(event.event())) {
						onReady.run();
					}
					else {
						request(1);
					}
				}

				@Override
				protected void hookOnError(Throwable error) {
					SseSubscribers.this.errors.increment();
					onFailure.run();
				}
			};
			events.subscribe(subscriber);
			return subscriber;
		}
		return events.subscribe((event) -> {
			if ("change".equals(event.event())) {
				onChange(Events.sent(event.data()));
			}
			else if ("snapshot".equals(event.event())) {
				onReady.run();
			}
		}, (error) -> {
			this.errors.increment();
			onFailure.run();
		}, onFailure);
	}

	/**
	 * One connection's event-stream reader: splits the body at LF (dropping a CR before
	 * it), keeps the {@code event} and the (single-line) {@code data} field of the event
	 * in progress, and hands it over at the blank line that ends it. Only what the
	 * harness needs: PhilJS and the baseline send one data line per event, and comment
	 * lines (heartbeats) and {@code id} are skipped. Fed by one event loop thread.
	 */
	private final class EventLines {

		private static final byte[] EVENT_FIELD = "event:".getBytes(StandardCharsets.US_ASCII);

		private static final byte[] DATA_FIELD = "data:".getBytes(StandardCharsets.US_ASCII);

		private static final byte[] CHANGE = "change".getBytes(StandardCharsets.US_ASCII);

		private static final byte[] SNAPSHOT = "snapshot".getBytes(StandardCharsets.US_ASCII);

		private final Runnable onReady;

		private byte[] line = new byte[512];

		private int length;

		private byte[] data = new byte[512];

		private int dataLength = -1;

		private int type;

		volatile boolean ready;

		EventLines(Runnable onReady) {
			this.onReady = onReady;
		}

		void feed(ByteBuf buffer) {
			int from = buffer.readerIndex();
			int end = buffer.writerIndex();
			while (from < end) {
				int lf = buffer.indexOf(from, end, (byte) '\n');
				int to = (lf < 0) ? end : lf;
				append(buffer, from, to - from);
				if (lf < 0) {
					return;
				}
				line();
				from = lf + 1;
			}
		}

		private void append(ByteBuf buffer, int from, int count) {
			if (this.length + count > this.line.length) {
				this.line = Arrays.copyOf(this.line, Math.max(this.line.length * 2, this.length + count));
			}
			buffer.getBytes(from, this.line, this.length, count);
			this.length += count;
		}

		private void line() {
			int size = this.length;
			if (size > 0 && this.line[size - 1] == '\r') {
				size--;
			}
			this.length = 0;
			if (size == 0) {
				dispatch();
			}
			else if (startsWith(this.line, size, DATA_FIELD)) {
				int from = value(DATA_FIELD.length, size);
				int count = size - from;
				if (count > this.data.length) {
					this.data = new byte[Math.max(this.data.length * 2, count)];
				}
				System.arraycopy(this.line, from, this.data, 0, count);
				this.dataLength = count;
			}
			else if (startsWith(this.line, size, EVENT_FIELD)) {
				int from = value(EVENT_FIELD.length, size);
				this.type = equal(from, size, CHANGE) ? 1 : equal(from, size, SNAPSHOT) ? 2 : 0;
			}
		}

		private void dispatch() {
			int kind = this.type;
			int count = this.dataLength;
			this.type = 0;
			this.dataLength = -1;
			if (count < 0) {
				return;
			}
			if (kind == 1) {
				onChange(Events.sent(this.data, count));
			}
			else if (kind == 2) {
				this.ready = true;
				this.onReady.run();
			}
		}

		private int value(int from, int size) {
			return (from < size && this.line[from] == ' ') ? from + 1 : from;
		}

		private boolean equal(int from, int size, byte[] expected) {
			return Arrays.equals(this.line, from, size, expected, 0, expected.length);
		}

		private static boolean startsWith(byte[] line, int size, byte[] prefix) {
			return size >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
		}

	}

}
