package dev.philjs.core.optimistic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour of {@link Optimistic} on any state: a like counter. */
class OptimisticTests {

	@Test
	@DisplayName("a change shows at once and the server's answer becomes the confirmed state")
	void changeShowsAtOnceThenConfirmed() {
		Optimistic<Integer> likes = Optimistic.of(10);
		CompletableFuture<Integer> server = new CompletableFuture<>();
		CompletionStage<Integer> liked = likes.apply((n) -> n + 1, () -> server, (confirmed, count) -> count);
		assertThat(likes.value().get()).isEqualTo(11);
		assertThat(likes.confirmed().get()).isEqualTo(10);
		assertThat(likes.pendingCount().get()).isEqualTo(1);
		server.complete(15);
		assertThat(likes.value().get()).isEqualTo(15);
		assertThat(likes.pendingCount().get()).isZero();
		assertThat(liked.toCompletableFuture().join()).isEqualTo(15);
	}

	@Test
	@DisplayName("a failed request rolls the change back")
	void failureRollsBack() {
		Optimistic<Integer> likes = Optimistic.of(10);
		CompletableFuture<Integer> server = new CompletableFuture<>();
		CompletionStage<Integer> liked = likes.apply((n) -> n + 1, () -> server, (confirmed, count) -> count);
		server.completeExceptionally(new IllegalStateException("rate limited"));
		assertThat(likes.value().get()).isEqualTo(10);
		assertThat(likes.pendingCount().get()).isZero();
		assertThatThrownBy(liked.toCompletableFuture()::join).hasRootCauseMessage("rate limited");
	}

	@Test
	@DisplayName("overlapping changes: rolling back the first keeps the second, which was made on top of it")
	void overlappingChangesRollBackIndependently() {
		Optimistic<List<String>> tags = Optimistic.of(List.of("java"));
		CompletableFuture<String> first = new CompletableFuture<>();
		CompletableFuture<String> second = new CompletableFuture<>();
		tags.apply((list) -> plus(list, "signals"), () -> first, (list, tag) -> plus(list, tag));
		tags.apply((list) -> plus(list, "spring"), () -> second, (list, tag) -> plus(list, tag));
		assertThat(tags.value().get()).containsExactly("java", "signals", "spring");
		first.completeExceptionally(new IllegalStateException("no"));
		assertThat(tags.value().get()).containsExactly("java", "spring");
		second.complete("spring");
		assertThat(tags.value().get()).containsExactly("java", "spring");
		assertThat(tags.confirmed().get()).containsExactly("java", "spring");
	}

	@Test
	@DisplayName("a change that throws on the current state is rejected: nothing pending, no request")
	void throwingChangeRejected() {
		Optimistic<Integer> likes = Optimistic.of(10);
		AtomicInteger sent = new AtomicInteger();
		assertThatIllegalStateException().isThrownBy(() -> likes.apply((n) -> {
			throw new IllegalStateException("cannot like twice");
		}, () -> {
			sent.incrementAndGet();
			return new CompletableFuture<Integer>();
		}, (c, r) -> r)).withMessage("cannot like twice");
		assertThatNullPointerException().isThrownBy(() -> likes.apply((n) -> null, CompletableFuture::new, (c, r) -> c))
			.withMessage("change returned null");
		assertThat(sent).hasValue(0);
		assertThat(likes.pendingCount().get()).isZero();
		assertThat(likes.value().get()).isEqualTo(10);
	}

	@Test
	@DisplayName("a confirm function that throws rolls the change back and fails the stage")
	void throwingConfirmRollsBack() {
		Optimistic<Integer> likes = Optimistic.of(10);
		CompletableFuture<Integer> server = new CompletableFuture<>();
		CompletionStage<Integer> liked = likes.apply((n) -> n + 1, () -> server, (c, r) -> {
			throw new IllegalArgumentException("unexpected answer");
		});
		server.complete(11);
		assertThat(likes.value().get()).isEqualTo(10);
		assertThat(likes.pendingCount().get()).isZero();
		assertThatThrownBy(liked.toCompletableFuture()::join).hasRootCauseMessage("unexpected answer");
	}

	@Test
	@DisplayName("a pending change that fails when re-applied on a new base is skipped, not fatal")
	void changeFailingOnReplayIsSkipped() {
		Optimistic<Integer> stock = Optimistic.of(1);
		CompletableFuture<Integer> server = new CompletableFuture<>();
		stock.apply((n) -> {
			if (n == 0) {
				throw new IllegalStateException("out of stock");
			}
			return n - 1;
		}, () -> server, (c, r) -> r);
		assertThat(stock.value().get()).isZero();
		stock.setConfirmed(0);
		assertThat(stock.value().get()).isZero();
		assertThat(stock.pendingCount().get()).isEqualTo(1);
	}

	@Test
	@DisplayName("the visible value, the confirmed value and the pending count change together")
	void signalsChangeTogether() {
		Optimistic<Integer> likes = Optimistic.of(0);
		List<String> seen = new ArrayList<>();
		Effect effect = Reactive.effect(
				() -> seen.add(likes.value().get() + "/" + likes.confirmed().get() + "/" + likes.pendingCount().get()));
		CompletableFuture<Integer> server = new CompletableFuture<>();
		likes.apply((n) -> n + 1, () -> server, (c, r) -> r);
		server.complete(1);
		effect.dispose();
		assertThat(seen).containsExactly("0/0/0", "1/0/1", "1/1/0");
	}

	@Test
	@DisplayName("null arguments are rejected with a message naming them")
	void nullArgumentsRejected() {
		Optimistic<Integer> likes = Optimistic.of(0);
		assertThatNullPointerException().isThrownBy(() -> Optimistic.of(null)).withMessage("initial must not be null");
		assertThatNullPointerException().isThrownBy(() -> likes.apply(null, CompletableFuture::new, (c, r) -> c))
			.withMessage("change must not be null");
		assertThatNullPointerException().isThrownBy(() -> likes.apply((n) -> n, null, (c, r) -> c))
			.withMessage("request must not be null");
		assertThatNullPointerException().isThrownBy(() -> likes.apply((n) -> n, CompletableFuture::new, null))
			.withMessage("confirm must not be null");
		assertThatNullPointerException().isThrownBy(() -> likes.setConfirmed(null))
			.withMessage("state must not be null");
		assertThat(likes.pendingCount().get()).isZero();
	}

	@Test
	@DisplayName("many threads liking, answered at random on other threads: confirmed = accepted likes")
	void manyThreadsCountExactly() throws Exception {
		Optimistic<Integer> likes = Optimistic.of(0);
		int threads = 8;
		int perThread = 250;
		AtomicInteger accepted = new AtomicInteger();
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		ExecutorService server = Executors.newFixedThreadPool(4);
		List<CompletableFuture<?>> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
		AtomicInteger overshoot = new AtomicInteger();
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(callers.submit(() -> {
					go.await();
					for (int i = 0; i < perThread; i++) {
						boolean accept = ThreadLocalRandom.current().nextBoolean();
						outcomes.add(likes.apply((n) -> n + 1, () -> CompletableFuture.supplyAsync(() -> {
							if (!accept) {
								throw new IllegalStateException("refused");
							}
							accepted.incrementAndGet();
							return 1;
						}, server), (confirmed, delta) -> confirmed + delta).toCompletableFuture());
						// visible = confirmed + pending, at every moment
						int visible = likes.value().get();
						if (visible > threads * perThread) {
							overshoot.incrementAndGet();
						}
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> f : done) {
				f.get(30, TimeUnit.SECONDS);
			}
			CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
				.exceptionally((ex) -> null)
				.get(30, TimeUnit.SECONDS);
		}
		finally {
			callers.shutdownNow();
			server.shutdownNow();
		}
		assertThat(overshoot).hasValue(0);
		assertThat(likes.pendingCount().get()).isZero();
		assertThat(likes.confirmed().get()).isEqualTo(accepted.get());
		assertThat(likes.value().get()).isEqualTo(accepted.get());
	}

	@Test
	@DisplayName("under concurrency, the visible value always equals confirmed plus pending")
	void visibleIsConfirmedPlusPendingUnderConcurrency() throws Exception {
		Optimistic<Integer> likes = Optimistic.of(0);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		AtomicInteger broken = new AtomicInteger();
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 3; t++) {
				done.add(pool.submit(() -> {
					for (int i = 0; i < 300; i++) {
						CompletableFuture<Integer> server = new CompletableFuture<>();
						likes.apply((n) -> n + 1, () -> server, (c, r) -> c + r);
						if (i % 3 == 0) {
							server.completeExceptionally(new IllegalStateException("refused"));
						}
						else {
							server.complete(1);
						}
					}
				}));
			}
			done.add(pool.submit(() -> {
				for (int i = 0; i < 3000; i++) {
					// one batch: a consistent snapshot of the three signals
					boolean consistent = Reactive
						.batch(() -> likes.value().get().equals(likes.confirmed().get() + likes.pendingCount().get()));
					if (!consistent) {
						broken.incrementAndGet();
					}
				}
			}));
			for (Future<?> f : done) {
				f.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(broken).hasValue(0);
		assertThat(likes.confirmed().get()).isEqualTo(3 * 200);
	}

	static List<String> plus(List<String> list, String item) {
		List<String> copy = new ArrayList<>(list);
		copy.add(item);
		return List.copyOf(copy);
	}

}
