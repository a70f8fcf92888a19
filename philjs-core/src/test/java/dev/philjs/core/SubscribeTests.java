package dev.philjs.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.batch;
import static dev.philjs.core.Reactive.createRoot;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Spec section M, T86: {@link ReadSignal#subscribe(java.util.function.Consumer)} calls
 * its listener now and after each change, untracked, until the subscription is closed.
 * T87 (watched/unwatched liveness hooks and hasSinks) has no test because our API does
 * not expose such hooks. T88 (garbage collection of unreferenced memos) is optional in
 * the spec and is skipped: a GC test needs System.gc() polling, which is flaky.
 */
class SubscribeTests {

	@Test
	@DisplayName("T86 the listener gets the current value now and each new value on change")
	void T86_listenerGetsCurrentValueThenEachChange() {
		Signal<Integer> s = signal(0);
		List<Integer> seen = new ArrayList<>();
		Subscription sub = s.subscribe(seen::add);
		assertThat(seen).containsExactly(0);
		assertThat(sub.isActive()).isTrue();
		s.set(1);
		assertThat(seen).containsExactly(0, 1);
		s.set(1);
		assertThat(seen).containsExactly(0, 1);
		s.set(2);
		assertThat(seen).containsExactly(0, 1, 2);
	}

	@Test
	@DisplayName("T86 closing the subscription stops the listener, and closing again is harmless")
	void T86_closeStopsTheListener() {
		Signal<Integer> s = signal(0);
		List<Integer> seen = new ArrayList<>();
		Subscription sub = s.subscribe(seen::add);
		s.set(1);
		sub.close();
		assertThat(sub.isActive()).isFalse();
		s.set(2);
		s.set(3);
		assertThat(seen).containsExactly(0, 1);
		assertThatNoException().isThrownBy(sub::close);
	}

	@Test
	@DisplayName("T86 a listener can close its own subscription")
	void T86_listenerCanCloseItsOwnSubscription() {
		Signal<Integer> s = signal(0);
		List<Integer> seen = new ArrayList<>();
		AtomicReference<Subscription> self = new AtomicReference<>();
		self.set(s.subscribe((v) -> {
			seen.add(v);
			if (v == 2) {
				self.get().close();
			}
		}));
		s.set(1);
		s.set(2);
		s.set(3);
		assertThat(seen).containsExactly(0, 1, 2);
		assertThat(self.get().isActive()).isFalse();
	}

	@Test
	@DisplayName("T86 signals read inside the listener are not tracked by it")
	void T86_signalsReadInListenerAreNotTracked() {
		Signal<Integer> s = signal(0);
		Signal<Integer> other = signal(100);
		List<Integer> seen = new ArrayList<>();
		s.subscribe((v) -> seen.add(v + other.get()));
		assertThat(seen).containsExactly(100);
		other.set(200);
		other.set(300);
		assertThat(seen).containsExactly(100);
		s.set(1);
		assertThat(seen).containsExactly(100, 301);
	}

	@Test
	@DisplayName("T86 an effect that subscribes depends neither on the source nor on what the listener reads")
	void T86_surroundingEffectDoesNotDependOnSubscription() {
		Signal<Integer> s = signal(0);
		Signal<Integer> other = signal(0);
		AtomicInteger outerRuns = new AtomicInteger();
		List<Integer> seen = new ArrayList<>();
		effect(() -> {
			outerRuns.incrementAndGet();
			s.subscribe((v) -> seen.add(v + other.get()));
		});
		assertThat(outerRuns).hasValue(1);
		assertThat(seen).containsExactly(0);
		other.set(10);
		assertThat(outerRuns).hasValue(1);
		assertThat(seen).containsExactly(0);
		s.set(1);
		assertThat(outerRuns).hasValue(1);
		assertThat(seen).containsExactly(0, 11);
	}

	@Test
	@DisplayName("T86 subscribing to a memo delivers its value and each real change")
	void T86_subscribeToMemo() {
		Signal<Integer> s = signal(0);
		Memo<String> parity = memo(() -> (s.get() % 2 == 0) ? "even" : "odd");
		List<String> seen = new ArrayList<>();
		parity.subscribe(seen::add);
		assertThat(seen).containsExactly("even");
		s.set(2);
		assertThat(seen).containsExactly("even");
		s.set(3);
		assertThat(seen).containsExactly("even", "odd");
	}

	@Test
	@DisplayName("T86 writes in a batch reach the listener once, with the final value")
	void T86_batchedWritesAreDeliveredOnce() {
		Signal<Integer> s = signal(0);
		List<Integer> seen = new ArrayList<>();
		s.subscribe(seen::add);
		batch(() -> {
			s.set(1);
			s.set(2);
			s.set(3);
		});
		assertThat(seen).containsExactly(0, 3);
	}

	@Test
	@DisplayName("T86 the listener runs synchronously on the writing thread before set returns")
	void T86_listenerRunsOnTheWritingThread() throws Exception {
		Signal<Integer> s = signal(0);
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		s.subscribe((v) -> seen.add(v + "@" + Thread.currentThread().getName()));
		ExecutorService writer = Executors.newSingleThreadExecutor((r) -> new Thread(r, "writer"));
		try {
			List<String> seenWhenSetReturned = writer.submit(() -> {
				s.set(1);
				return List.copyOf(seen);
			}).get(10, TimeUnit.SECONDS);
			assertThat(seenWhenSetReturned).containsExactly("0@" + Thread.currentThread().getName(), "1@writer");
		}
		finally {
			writer.shutdownNow();
		}
	}

	@Test
	@DisplayName("T86 a subscription made under a root stops when the root is disposed")
	void T86_subscriptionEndsWithItsOwner() {
		Signal<Integer> s = signal(0);
		List<Integer> seen = new ArrayList<>();
		AtomicReference<Subscription> sub = new AtomicReference<>();
		Disposable root = createRoot((r) -> {
			sub.set(s.subscribe(seen::add));
			return r;
		});
		s.set(1);
		root.dispose();
		assertThat(sub.get().isActive()).isFalse();
		s.set(2);
		assertThat(seen).containsExactly(0, 1);
	}

}
