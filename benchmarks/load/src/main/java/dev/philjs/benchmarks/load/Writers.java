package dev.philjs.benchmarks.load;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.socket.WebSocketMessage;

/**
 * Paced writers: {@code count} writes at {@code rate} per second, each carrying its send
 * time, over HTTP or one WebSocket connection. A write's own latency (send to response)
 * is recorded in {@link #latencies}.
 */
final class Writers {

	final Latencies latencies = new Latencies();

	final LongAdder errors = new LongAdder();

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "load-pacer");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Writes over HTTP ({@code PUT} of a signal or {@code POST} of an action, the body
	 * made by {@code body} from the send time), and waits for every response (bounded).
	 */
	void http(Http http, HttpMethod method, String url, java.util.function.LongFunction<String> body, int rate,
			int count) {
		CountDownLatch done = new CountDownLatch(count);
		pace(rate, count, (i) -> {
			long sent = System.nanoTime();
			http.send(method, url, body.apply(sent)).subscribe((status) -> {
				this.latencies.recordNanos(System.nanoTime() - sent);
				if (status >= 300) {
					this.errors.increment();
				}
				done.countDown();
			}, (error) -> {
				this.errors.increment();
				done.countDown();
			});
		});
		await(done);
	}

	/**
	 * Writes a signal over one WebSocket connection ({@code set} messages), and waits for
	 * every reply (bounded).
	 */
	void webSocket(String uri, String store, String signal, String payload, int rate, int count) {
		CountDownLatch done = new CountDownLatch(count);
		Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
		CountDownLatch open = new CountDownLatch(1);
		Map<Long, Long> pending = new java.util.concurrent.ConcurrentHashMap<>();
		Disposable connection = WebSocketSubscribers.client().execute(URI.create(uri), (session) -> {
			open.countDown();
			return session.send(outbound.asFlux().map(session::textMessage))
				.and(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext((frame) -> {
					String type = Events.type(frame);
					if (type.equals("result") || type.equals("error")) {
						long id = Http.JSON.readTree(frame).get("id").asLong();
						Long sent = pending.remove(id);
						if (sent != null) {
							this.latencies.recordNanos(System.nanoTime() - sent);
						}
						if (type.equals("error")) {
							this.errors.increment();
						}
						done.countDown();
					}
				}));
		}).subscribe();
		try {
			if (!open.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The writer's WebSocket did not open");
			}
			AtomicInteger ids = new AtomicInteger();
			pace(rate, count, (i) -> {
				long sent = System.nanoTime();
				long id = ids.incrementAndGet();
				pending.put(id, sent);
				Map<String, Object> message = new LinkedHashMap<>();
				message.put("type", "set");
				message.put("id", id);
				message.put("store", store);
				message.put("signal", signal);
				message.put("value", Map.of("sent", sent, "payload", payload));
				outbound.tryEmitNext(Http.json(message));
			});
			await(done);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			connection.dispose();
		}
	}

	/** Calls {@code send} {@code count} times, {@code rate} per second, on the pacer. */
	private void pace(int rate, int count, IntConsumer send) {
		long period = Math.max(1, 1_000_000_000L / rate);
		AtomicInteger sent = new AtomicInteger();
		CountDownLatch all = new CountDownLatch(1);
		var task = this.clock.scheduleAtFixedRate(() -> {
			int i = sent.getAndIncrement();
			if (i < count) {
				send.accept(i);
			}
			if (i >= count - 1) {
				all.countDown();
			}
		}, 0, period, TimeUnit.NANOSECONDS);
		try {
			all.await(count / rate + 60L, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			task.cancel(false);
		}
	}

	private void await(CountDownLatch done) {
		try {
			if (!done.await(60, TimeUnit.SECONDS)) {
				this.errors.add(done.getCount());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	void close() {
		this.clock.shutdownNow();
	}

}
