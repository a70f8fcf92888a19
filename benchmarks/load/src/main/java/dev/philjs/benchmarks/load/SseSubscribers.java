package dev.philjs.benchmarks.load;

import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * SSE subscribers (WebClient's SSE decoding on Reactor Netty, one connection each).
 */
final class SseSubscribers extends Subscribers {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	private final Http http;

	private final String url;

	SseSubscribers(Http http, String url) {
		this.http = http;
		this.url = url;
	}

	@Override
	Disposable connect(boolean stalled, Runnable onReady, Runnable onFailure) {
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

}
