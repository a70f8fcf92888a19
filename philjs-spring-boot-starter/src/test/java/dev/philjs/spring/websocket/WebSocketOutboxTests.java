package dev.philjs.spring.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox of one WebSocket connection: frames sent from many threads reach the
 * transport one at a time, each thread's in its order, whether a frame goes straight to
 * an idle transport or waits in the queue, and whether the transport completes inline or
 * later on another thread.
 */
class WebSocketOutboxTests {

	private static final int THREADS = 4;

	private static final int FRAMES = 2_000;

	@Test
	void framesFromManyThreadsAreSentOneAtATimeInEachThreadsOrderWithAsynchronousCompletions() throws Exception {
		ExecutorService completions = Executors.newFixedThreadPool(2);
		try {
			assertOneAtATimeAndInOrder((completion) -> completions.execute(() -> completion.accept(null)));
		}
		finally {
			completions.shutdownNow();
		}
	}

	@Test
	void framesFromManyThreadsAreSentOneAtATimeInEachThreadsOrderWithInlineCompletions() throws Exception {
		assertOneAtATimeAndInOrder((completion) -> completion.accept(null));
	}

	@Test
	void aFrameWaitsWhileAnotherIsInFlightAndGoesWhenItCompletes() {
		List<String> sent = new CopyOnWriteArrayList<>();
		List<Consumer<@Nullable Throwable>> pending = new CopyOnWriteArrayList<>();
		AtomicInteger idle = new AtomicInteger();
		WebSocketOutbox outbox = new WebSocketOutbox((text, completion) -> {
			sent.add(text);
			pending.add(completion);
		}, TimeUnit.SECONDS.toNanos(30), Integer.MAX_VALUE, new WebSocketOutbox.Listener() {
			@Override
			public void idle() {
				idle.incrementAndGet();
			}

			@Override
			public void failed(Throwable error) {
				throw new AssertionError(error);
			}
		});
		outbox.send("a");
		assertThat(sent).as("idle: straight to the transport").containsExactly("a");
		outbox.send("b");
		outbox.send("c");
		assertThat(sent).as("waits while a is in flight").containsExactly("a");
		assertThat(outbox.idle()).isFalse();
		pending.get(0).accept(null);
		assertThat(sent).containsExactly("a", "b");
		pending.get(1).accept(null);
		assertThat(sent).containsExactly("a", "b", "c");
		assertThat(idle).hasValue(0);
		pending.get(2).accept(null);
		assertThat(idle).as("told once the last frame went").hasValue(1);
		assertThat(outbox.idle()).isTrue();
		outbox.send("d");
		assertThat(sent).containsExactly("a", "b", "c", "d");
	}

	private void assertOneAtATimeAndInOrder(Consumer<Consumer<@Nullable Throwable>> complete) throws Exception {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		List<String> sent = new CopyOnWriteArrayList<>();
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		WebSocketOutbox.Transport transport = (text, completion) -> {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			sent.add(text);
			complete.accept((error) -> {
				inFlight.decrementAndGet();
				completion.accept(error);
			});
		};
		WebSocketOutbox outbox = new WebSocketOutbox(transport, TimeUnit.SECONDS.toNanos(30), Integer.MAX_VALUE,
				new WebSocketOutbox.Listener() {
					@Override
					public void idle() {
					}

					@Override
					public void failed(Throwable error) {
						failure.set(error);
					}
				});
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> senders = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			Thread sender = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < FRAMES; i++) {
					outbox.send(thread + ":" + i);
				}
			});
			sender.start();
			senders.add(sender);
		}
		start.countDown();
		for (Thread sender : senders) {
			sender.join(TimeUnit.SECONDS.toMillis(30));
		}
		await().atMost(java.time.Duration.ofSeconds(30)).until(() -> sent.size() == THREADS * FRAMES);
		assertThat(failure.get()).isNull();
		assertThat(mostInFlight).as("never two frames in flight").hasValue(1);
		Map<String, Integer> last = new ConcurrentHashMap<>();
		for (String text : sent) {
			String[] parts = text.split(":");
			int previous = last.getOrDefault(parts[0], -1);
			assertThat(Integer.parseInt(parts[1])).as("thread " + parts[0] + "'s order").isEqualTo(previous + 1);
			last.put(parts[0], previous + 1);
		}
	}

}
