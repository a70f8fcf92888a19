package dev.philjs.core.poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.philjs.core.testing.VirtualScheduler;
import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Behaviour of {@link Poller} on a virtual-time scheduler (no sleeps). */
class PollerTests {

	static final Duration TEN_SECONDS = Duration.ofSeconds(10);

	final VirtualScheduler scheduler = new VirtualScheduler();

	@AfterEach
	void noTaskFailed() {
		assertThat(this.scheduler.failures()).isEmpty();
	}

	/** A fetcher whose fetches are futures the test completes. */
	static final class Fetches<T> implements Supplier<CompletionStage<T>> {

		final List<CompletableFuture<T>> made = new CopyOnWriteArrayList<>();

		@Override
		public CompletionStage<T> get() {
			CompletableFuture<T> future = new CompletableFuture<>();
			this.made.add(future);
			return future;
		}

		CompletableFuture<T> last() {
			return this.made.get(this.made.size() - 1);
		}

		int count() {
			return this.made.size();
		}

	}

	Poller<String> poller(Fetches<String> fetches) {
		return Poller.fetching(fetches).interval(TEN_SECONDS).scheduler(this.scheduler).build();
	}

	@Test
	@DisplayName("a new poller is stopped and fetches nothing")
	void newPollerIsStopped() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		this.scheduler.advance(Duration.ofMinutes(5));
		assertThat(fetches.count()).isZero();
		assertThat(poller.enabled().get()).isFalse();
	}

	@Test
	@DisplayName("immediate: start fetches at once, then every interval after each fetch completes")
	void immediateStartThenEveryInterval() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		assertThat(poller.enabled().get()).isTrue();
		this.scheduler.runDue();
		assertThat(fetches.count()).isEqualTo(1);
		fetches.last().complete("orders v1");
		assertThat(poller.data().get()).isEqualTo("orders v1");
		this.scheduler.advance(TEN_SECONDS.minusMillis(1));
		assertThat(fetches.count()).isEqualTo(1);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(fetches.count()).isEqualTo(2);
		poller.stop();
	}

	@Test
	@DisplayName("not immediate: the first fetch comes one interval after start")
	void notImmediateWaitsOneInterval() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = Poller.fetching(fetches)
			.interval(TEN_SECONDS)
			.immediate(false)
			.scheduler(this.scheduler)
			.build();
		poller.start();
		this.scheduler.advance(TEN_SECONDS.minusMillis(1));
		assertThat(fetches.count()).isZero();
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(fetches.count()).isEqualTo(1);
	}

	@Test
	@DisplayName("loading is true exactly while a fetch is in flight")
	void loadingWhileInFlight() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		List<Boolean> seen = new ArrayList<>();
		Effect effect = Reactive.effect(() -> seen.add(poller.loading().get()));
		poller.start();
		this.scheduler.runDue();
		fetches.last().complete("x");
		effect.dispose();
		assertThat(seen).containsExactly(false, true, false);
	}

	@Test
	@DisplayName("a slow fetch is never overlapped by the next poll")
	void slowFetchIsNotOverlapped() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.advance(Duration.ofMinutes(10));
		assertThat(fetches.count()).isEqualTo(1);
		fetches.last().complete("late");
		assertThat(this.scheduler.nextDelay()).isEqualTo(TEN_SECONDS);
		this.scheduler.advance(TEN_SECONDS);
		assertThat(fetches.count()).isEqualTo(2);
	}

	@Test
	@DisplayName("refresh while a fetch is in flight joins it instead of fetching again")
	void refreshJoinsFetchInFlight() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		CompletionStage<String> joined = poller.refresh();
		this.scheduler.runDue();
		assertThat(fetches.count()).isEqualTo(1);
		fetches.last().complete("shared");
		assertThat(joined.toCompletableFuture().join()).isEqualTo("shared");
	}

	@Test
	@DisplayName("refresh when idle fetches now and restarts the interval from that fetch")
	void refreshWhenIdleFetchesNowAndRestartsInterval() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		fetches.last().complete("a");
		this.scheduler.advance(Duration.ofSeconds(7));
		CompletionStage<String> refreshed = poller.refresh();
		this.scheduler.runDue();
		assertThat(fetches.count()).isEqualTo(2);
		fetches.last().complete("b");
		assertThat(refreshed.toCompletableFuture().join()).isEqualTo("b");
		// the poll that was due at 10s was cancelled: the next one is 10s after the
		// refresh
		this.scheduler.advance(Duration.ofSeconds(9));
		assertThat(fetches.count()).isEqualTo(2);
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(fetches.count()).isEqualTo(3);
	}

	@Test
	@DisplayName("cancelling the stage returned by refresh does not affect the poller")
	void cancellingRefreshStageDoesNotAffectPoller() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		poller.refresh().toCompletableFuture().cancel(true);
		fetches.last().complete("fine");
		assertThat(poller.data().get()).isEqualTo("fine");
		assertThat(poller.loading().get()).isFalse();
	}

	@Test
	@DisplayName("refresh while stopped fetches nothing and returns a failed stage")
	void refreshWhileStoppedFails() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		CompletionStage<String> refreshed = poller.refresh();
		this.scheduler.runDue();
		assertThat(fetches.count()).isZero();
		assertThat(refreshed.toCompletableFuture()).isCompletedExceptionally();
		assertThatThrownBy(refreshed.toCompletableFuture()::join).hasRootCauseInstanceOf(IllegalStateException.class)
			.hasRootCauseMessage("poller is stopped");
	}

	@Test
	@DisplayName("stop cancels the next poll: nothing is fetched while stopped")
	void stopCancelsPolling() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		fetches.last().complete("a");
		poller.stop();
		this.scheduler.advance(Duration.ofHours(1));
		assertThat(fetches.count()).isEqualTo(1);
		assertThat(poller.enabled().get()).isFalse();
		assertThat(this.scheduler.queued()).isZero();
	}

	@Test
	@DisplayName("a fetch in flight when stopped is applied, but no poll follows it")
	void fetchInFlightAtStopIsAppliedWithoutFollowUp() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		poller.stop();
		fetches.last().complete("last words");
		assertThat(poller.data().get()).isEqualTo("last words");
		this.scheduler.advance(Duration.ofHours(1));
		assertThat(fetches.count()).isEqualTo(1);
	}

	@Test
	@DisplayName("start while a fetch from before stop is in flight waits for it instead of fetching again")
	void restartWhileFetchInFlightDoesNotOverlap() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		poller.stop();
		poller.start();
		this.scheduler.advance(Duration.ofMinutes(1));
		assertThat(fetches.count()).isEqualTo(1);
		fetches.last().complete("a");
		this.scheduler.advance(TEN_SECONDS);
		assertThat(fetches.count()).isEqualTo(2);
	}

	@Test
	@DisplayName("start twice schedules one chain of polls")
	void startTwiceIsOneChain() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		poller.start();
		this.scheduler.runDue();
		assertThat(fetches.count()).isEqualTo(1);
		fetches.last().complete("a");
		assertThat(this.scheduler.queued()).isEqualTo(1);
	}

	@Test
	@DisplayName("stop then start quickly leaves one chain of polls, not two")
	void stopStartLeavesOneChain() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		fetches.last().complete("a");
		poller.stop();
		poller.start();
		this.scheduler.runDue();
		assertThat(fetches.count()).isEqualTo(2);
		fetches.last().complete("b");
		this.scheduler.advance(TEN_SECONDS);
		assertThat(fetches.count()).isEqualTo(3);
		assertThat(this.scheduler.queued()).isZero();
	}

	@Test
	@DisplayName("a poll whose cancellation came too late does nothing when it runs")
	void pollCancelledTooLateDoesNothing() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		this.scheduler.cancelTooLate();
		poller.start();
		this.scheduler.runDue();
		fetches.last().complete("a");
		this.scheduler.advance(Duration.ofSeconds(5));
		poller.stop();
		poller.start();
		this.scheduler.runDue();
		fetches.last().complete("b");
		// the poll scheduled for 10s after "a" could not be cancelled
		this.scheduler.advance(Duration.ofSeconds(5));
		assertThat(fetches.count()).isEqualTo(2);
		this.scheduler.advance(Duration.ofSeconds(5));
		assertThat(fetches.count()).isEqualTo(3);
	}

	@Test
	@DisplayName("errors back off exponentially, capped, and a success resets the interval")
	void errorsBackOffExponentiallyCappedAndResetOnSuccess() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = Poller.fetching(fetches)
			.interval(TEN_SECONDS)
			.backoff(2.0, Duration.ofSeconds(60))
			.scheduler(this.scheduler)
			.build();
		poller.start();
		this.scheduler.runDue();
		List<Duration> delays = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			fetches.last().completeExceptionally(new IllegalStateException("down"));
			delays.add(this.scheduler.nextDelay());
			this.scheduler.advance(this.scheduler.nextDelay());
		}
		assertThat(delays).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(60),
				Duration.ofSeconds(60));
		fetches.last().complete("up");
		assertThat(this.scheduler.nextDelay()).isEqualTo(TEN_SECONDS);
		this.scheduler.advance(TEN_SECONDS);
		fetches.last().completeExceptionally(new IllegalStateException("down again"));
		assertThat(this.scheduler.nextDelay()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	@DisplayName("the default backoff doubles up to 16 intervals")
	void defaultBackoffDoublesUpToSixteenIntervals() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		List<Duration> delays = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			fetches.last().completeExceptionally(new IllegalStateException("down"));
			delays.add(this.scheduler.nextDelay());
			this.scheduler.advance(this.scheduler.nextDelay());
		}
		assertThat(delays).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80),
				Duration.ofSeconds(160), Duration.ofSeconds(160), Duration.ofSeconds(160));
	}

	@Test
	@DisplayName("a failure sets the error, keeps the data, and the error stays until a success")
	void errorStaysUntilSuccessAndDataKept() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		fetches.last().complete("good");
		this.scheduler.advance(TEN_SECONDS);
		fetches.last()
			.completeExceptionally(new java.util.concurrent.CompletionException(new IllegalStateException("bad")));
		assertThat(poller.error().get()).isInstanceOf(IllegalStateException.class).hasMessage("bad");
		assertThat(poller.data().get()).isEqualTo("good");
		this.scheduler.advance(this.scheduler.nextDelay());
		assertThat(poller.loading().get()).isTrue();
		assertThat(poller.error().get()).hasMessage("bad");
		fetches.last().complete("good again");
		assertThat(poller.error().get()).isNull();
		assertThat(poller.data().get()).isEqualTo("good again");
	}

	@Test
	@DisplayName("a fetcher that throws or returns null is a failed fetch and polling goes on")
	void throwingFetcherIsFailedFetch() {
		AtomicInteger calls = new AtomicInteger();
		Poller<String> poller = Poller.<String>fetching(() -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("cannot connect");
			}
			return null;
		}).interval(TEN_SECONDS).scheduler(this.scheduler).build();
		poller.start();
		this.scheduler.runDue();
		assertThat(poller.error().get()).hasMessage("cannot connect");
		this.scheduler.advance(this.scheduler.nextDelay());
		assertThat(calls).hasValue(2);
		assertThat(poller.error().get()).isInstanceOf(NullPointerException.class).hasMessage("fetcher returned null");
		assertThat(poller.loading().get()).isFalse();
	}

	@Test
	@DisplayName("a blocking Callable fetcher runs on the scheduler and its exception becomes the error")
	void callableFetcherRunsOnScheduler() {
		AtomicInteger calls = new AtomicInteger();
		Poller<Integer> poller = Poller.calling(() -> {
			int n = calls.incrementAndGet();
			if (n == 2) {
				throw new java.io.IOException("timeout");
			}
			return n;
		}).interval(TEN_SECONDS).scheduler(this.scheduler).build();
		poller.start();
		assertThat(calls).hasValue(0);
		this.scheduler.runDue();
		assertThat(poller.data().get()).isEqualTo(1);
		this.scheduler.advance(TEN_SECONDS);
		assertThat(poller.error().get()).isInstanceOf(java.io.IOException.class);
		this.scheduler.advance(Duration.ofSeconds(20));
		assertThat(poller.data().get()).isEqualTo(3);
		assertThat(poller.error().get()).isNull();
	}

	@Test
	@DisplayName("a scheduler that rejects the next poll stops the poller and reports the rejection")
	void rejectedSchedulingStopsPoller() {
		Fetches<String> fetches = new Fetches<>();
		Poller<String> poller = poller(fetches);
		poller.start();
		this.scheduler.runDue();
		this.scheduler.shutdown();
		fetches.last().complete("a");
		assertThat(poller.enabled().get()).isFalse();
		assertThat(poller.error().get()).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
		assertThat(poller.data().get()).isEqualTo("a");
	}

	@Test
	@DisplayName("the guide's orders monitor: start on mount, stop on cleanup")
	void ordersMonitorStartsAndStopsWithItsOwner() {
		Fetches<List<String>> pendingOrders = new Fetches<>();
		Poller<List<String>> orders = Poller.fetching(pendingOrders)
			.interval(TEN_SECONDS)
			.scheduler(this.scheduler)
			.build();
		List<String> screen = new ArrayList<>();
		Reactive.createRoot((monitor) -> {
			Reactive.effect(() -> {
				orders.start();
				Reactive.onCleanup(orders::stop);
			});
			Reactive.effect(() -> {
				List<String> data = orders.data().get();
				screen.add(orders.loading().get() ? "Loading orders..." : String.valueOf(data));
			});
			this.scheduler.runDue();
			pendingOrders.last().complete(List.of("order 1", "order 2"));
			monitor.dispose();
			return null;
		});
		assertThat(screen).containsExactly("null", "Loading orders...", "[order 1, order 2]");
		assertThat(orders.enabled().get()).isFalse();
		this.scheduler.advance(Duration.ofMinutes(1));
		assertThat(pendingOrders.count()).isEqualTo(1);
	}

	@Test
	@DisplayName("bad builder input is rejected with a message naming it")
	void badBuilderInputRejected() {
		assertThatNullPointerException().isThrownBy(() -> Poller.fetching(null))
			.withMessage("fetcher must not be null");
		assertThatNullPointerException().isThrownBy(() -> Poller.calling(null)).withMessage("fetcher must not be null");
		Poller.Builder<String> builder = Poller.fetching(new Fetches<>());
		assertThatIllegalArgumentException().isThrownBy(() -> builder.interval(Duration.ZERO))
			.withMessage("interval must be positive, was PT0S");
		assertThatNullPointerException().isThrownBy(() -> builder.interval(null))
			.withMessage("interval must not be null");
		assertThatNullPointerException().isThrownBy(() -> builder.scheduler(null))
			.withMessage("scheduler must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.backoff(0.5, TEN_SECONDS))
			.withMessage("multiplier must be a finite number >= 1, was 0.5");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.backoff(Double.NaN, TEN_SECONDS))
			.withMessageContaining("NaN");
		assertThatIllegalStateException().isThrownBy(builder::build).withMessage("interval must be set");
		builder.interval(TEN_SECONDS);
		assertThatIllegalStateException().isThrownBy(builder::build).withMessage("scheduler must be set");
		builder.scheduler(this.scheduler).backoff(2, Duration.ofSeconds(5));
		assertThatIllegalStateException().isThrownBy(builder::build)
			.withMessage("maximum backoff PT5S must not be shorter than the interval PT10S");
	}

	@Test
	@DisplayName("many threads starting, stopping and refreshing never cause two fetches at once")
	void concurrentControlNeverOverlapsFetches() throws Exception {
		ScheduledThreadPoolExecutor realScheduler = new ScheduledThreadPoolExecutor(2);
		realScheduler.setRemoveOnCancelPolicy(true);
		ExecutorService answers = Executors.newFixedThreadPool(2);
		ExecutorService callers = Executors.newFixedThreadPool(4);
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		AtomicInteger fetchCount = new AtomicInteger();
		try {
			Poller<Integer> poller = Poller.<Integer>fetching(() -> {
				int now = inFlight.incrementAndGet();
				maxInFlight.accumulateAndGet(now, Math::max);
				int n = fetchCount.incrementAndGet();
				return CompletableFuture.supplyAsync(() -> {
					inFlight.decrementAndGet();
					if (n % 3 == 0) {
						throw new IllegalStateException("flaky");
					}
					return n;
				}, answers);
			}).interval(Duration.ofMillis(1)).backoff(1.0, Duration.ofMillis(1)).scheduler(realScheduler).build();
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				done.add(callers.submit(() -> {
					go.await();
					for (int i = 0; i < 500; i++) {
						switch (ThreadLocalRandom.current().nextInt(3)) {
							case 0 -> poller.start();
							case 1 -> poller.stop();
							default -> poller.refresh();
						}
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> f : done) {
				f.get(30, TimeUnit.SECONDS);
			}
			poller.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> fetchCount.get() > 50);
			poller.stop();
			await().atMost(Duration.ofSeconds(30)).until(() -> !poller.loading().get());
			assertThat(maxInFlight).hasValue(1);
			// stopped and idle: no poll is left waiting on the scheduler
			assertThat(realScheduler.getQueue()).isEmpty();
			assertThat(poller.enabled().get()).isFalse();
		}
		finally {
			realScheduler.shutdownNow();
			answers.shutdownNow();
			callers.shutdownNow();
		}
	}

}
