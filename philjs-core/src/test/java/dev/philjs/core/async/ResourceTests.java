package dev.philjs.core.async;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Behaviour of {@link Resource}: signals, latest request wins, cancellation. */
class ResourceTests {

	/** A fetcher whose requests are futures the test completes. */
	static final class Requests<T> implements Supplier<CompletionStage<T>> {

		final List<CompletableFuture<T>> made = new CopyOnWriteArrayList<>();

		@Override
		public CompletionStage<T> get() {
			CompletableFuture<T> future = new CompletableFuture<>();
			this.made.add(future);
			return future;
		}

		CompletableFuture<T> request(int index) {
			return this.made.get(index);
		}

	}

	@Test
	@DisplayName("creating a resource starts a request and shows loading")
	void creatingStartsRequestAndShowsLoading() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Resource.of(requests);
		assertThat(requests.made).hasSize(1);
		assertThat(resource.loading().get()).isTrue();
		assertThat(resource.data().get()).isNull();
		assertThat(resource.error().get()).isNull();
	}

	@Test
	@DisplayName("a successful request sets data and clears loading")
	void successSetsDataAndClearsLoading() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Resource.of(requests);
		requests.request(0).complete("hello");
		assertThat(resource.data().get()).isEqualTo("hello");
		assertThat(resource.loading().get()).isFalse();
		assertThat(resource.error().get()).isNull();
	}

	@Test
	@DisplayName("a failed request sets error, unwrapped, and keeps the previous data")
	void failureSetsUnwrappedErrorAndKeepsData() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Resource.of(requests);
		requests.request(0).complete("first");
		resource.refetch();
		IllegalStateException boom = new IllegalStateException("boom");
		requests.request(1).completeExceptionally(new java.util.concurrent.CompletionException(boom));
		assertThat(resource.error().get()).isSameAs(boom);
		assertThat(resource.data().get()).isEqualTo("first");
		assertThat(resource.loading().get()).isFalse();
	}

	@Test
	@DisplayName("refetch clears the error while loading and a success clears it for good")
	void refetchClearsError() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Resource.of(requests);
		requests.request(0).completeExceptionally(new IllegalStateException("down"));
		assertThat(resource.error().get()).hasMessage("down");
		resource.refetch();
		assertThat(resource.error().get()).isNull();
		assertThat(resource.loading().get()).isTrue();
		requests.request(1).complete("up");
		assertThat(resource.data().get()).isEqualTo("up");
	}

	@Test
	@DisplayName("data, loading and error change together in one batch")
	void signalsChangeTogether() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Resource.of(requests);
		List<String> seen = new ArrayList<>();
		Effect effect = Reactive.effect(() -> seen.add(resource.loading().get() + "/" + resource.data().get()));
		requests.request(0).complete("x");
		effect.dispose();
		assertThat(seen).containsExactly("true/null", "false/x");
	}

	@Test
	@DisplayName("a slow earlier response never overwrites a newer one (stages that cannot be cancelled)")
	void latestRequestWinsWhenEarlierCompletesLate() {
		List<CompletableFuture<String>> sources = new ArrayList<>();
		Resource<String> resource = Resource.of(() -> {
			CompletableFuture<String> future = new CompletableFuture<>();
			sources.add(future);
			// a minimal stage: cancelling its toCompletableFuture() copy does not
			// cancel it, so the resource must ignore its late result by itself
			return future.minimalCompletionStage();
		});
		resource.refetch();
		sources.get(1).complete("new");
		sources.get(0).complete("old");
		assertThat(resource.data().get()).isEqualTo("new");
		assertThat(resource.loading().get()).isFalse();
	}

	@Test
	@DisplayName("a late failure of a superseded request is ignored")
	void lateFailureOfSupersededRequestIgnored() {
		List<CompletableFuture<String>> sources = new ArrayList<>();
		Resource<String> resource = Resource.of(() -> {
			CompletableFuture<String> future = new CompletableFuture<>();
			sources.add(future);
			return future.minimalCompletionStage();
		});
		resource.refetch();
		sources.get(1).complete("new");
		sources.get(0).completeExceptionally(new IllegalStateException("old failure"));
		assertThat(resource.error().get()).isNull();
		assertThat(resource.data().get()).isEqualTo("new");
	}

	@Test
	@DisplayName("while a newer request is in flight, an earlier completion changes nothing")
	void earlierCompletionWhileNewerInFlightChangesNothing() {
		List<CompletableFuture<String>> sources = new ArrayList<>();
		Resource<String> resource = Resource.of(() -> {
			CompletableFuture<String> future = new CompletableFuture<>();
			sources.add(future);
			return future.minimalCompletionStage();
		});
		resource.refetch();
		sources.get(0).complete("old");
		assertThat(resource.data().get()).isNull();
		assertThat(resource.loading().get()).isTrue();
	}

	@Test
	@DisplayName("a new request cancels the one in flight")
	void newRequestCancelsPrevious() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Resource.of(requests);
		resource.refetch();
		assertThat(requests.request(0)).isCancelled();
		assertThat(requests.request(1)).isNotDone();
		assertThat(resource.loading().get()).isTrue();
	}

	@Test
	@DisplayName("refetch returns the stage of the new request")
	void refetchReturnsNewStage() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Resource.of(requests);
		CompletionStage<String> stage = resource.refetch();
		assertThat(stage).isSameAs(requests.request(1));
	}

	@Test
	@DisplayName("a keyed resource refetches when its source changes, with the new key")
	void keyedResourceRefetchesOnSourceChange() {
		Signal<Integer> page = Reactive.signal(1);
		List<Integer> keys = new ArrayList<>();
		List<CompletableFuture<String>> futures = new ArrayList<>();
		Resource<String> resource = Resource.of(page, (p) -> {
			keys.add(p);
			CompletableFuture<String> future = new CompletableFuture<>();
			futures.add(future);
			return future;
		});
		page.set(2);
		page.set(2);
		assertThat(keys).containsExactly(1, 2);
		assertThat(futures.get(0)).isCancelled();
		futures.get(1).complete("page 2");
		assertThat(resource.data().get()).isEqualTo("page 2");
		resource.refetch();
		assertThat(keys).containsExactly(1, 2, 2);
		resource.dispose();
	}

	@Test
	@DisplayName("a keyed resource ignores the late answer for an older key")
	void keyedResourceIgnoresLateAnswerForOlderKey() {
		Signal<String> query = Reactive.signal("a");
		List<CompletableFuture<String>> sources = new ArrayList<>();
		Resource<String> resource = Resource.of(query, (q) -> {
			CompletableFuture<String> future = new CompletableFuture<>();
			sources.add(future);
			return future.minimalCompletionStage();
		});
		query.set("ab");
		sources.get(1).complete("results for ab");
		sources.get(0).complete("results for a");
		assertThat(resource.data().get()).isEqualTo("results for ab");
		resource.dispose();
	}

	@Test
	@DisplayName("the fetcher of a keyed resource does not make the resource depend on what it reads")
	void keyedFetcherIsUntracked() {
		Signal<Integer> key = Reactive.signal(1);
		Signal<String> other = Reactive.signal("x");
		List<String> calls = new ArrayList<>();
		Resource<String> resource = Resource.of(key, (k) -> {
			calls.add(k + other.get());
			return CompletableFuture.completedFuture("v");
		});
		other.set("y");
		assertThat(calls).containsExactly("1x");
		resource.dispose();
	}

	@Test
	@DisplayName("dispose cancels the request in flight and ignores its late result")
	void disposeCancelsAndIgnoresLateResult() {
		List<CompletableFuture<String>> sources = new ArrayList<>();
		List<CompletableFuture<String>> returned = new ArrayList<>();
		Resource<String> resource = Resource.of(() -> {
			CompletableFuture<String> future = new CompletableFuture<>();
			sources.add(future);
			CompletableFuture<String> dependent = future.thenApply(Function.identity());
			returned.add(dependent);
			return dependent;
		});
		resource.dispose();
		assertThat(returned.get(0)).isCancelled();
		assertThat(resource.loading().get()).isFalse();
		sources.get(0).complete("late");
		assertThat(resource.data().get()).isNull();
		assertThat(resource.isDisposed()).isTrue();
	}

	@Test
	@DisplayName("a late result of an uncancellable stage is ignored after dispose")
	void lateResultOfUncancellableStageIgnoredAfterDispose() {
		CompletableFuture<String> source = new CompletableFuture<>();
		Resource<String> resource = Resource.of(source::minimalCompletionStage);
		resource.dispose();
		source.complete("late");
		assertThat(resource.data().get()).isNull();
		assertThat(resource.loading().get()).isFalse();
	}

	@Test
	@DisplayName("a keyed resource stops following its source after dispose")
	void disposedKeyedResourceStopsFollowingSource() {
		Signal<Integer> key = Reactive.signal(1);
		List<Integer> keys = new ArrayList<>();
		Resource<String> resource = Resource.of(key, (k) -> {
			keys.add(k);
			return new CompletableFuture<String>();
		});
		resource.dispose();
		key.set(2);
		assertThat(keys).containsExactly(1);
	}

	@Test
	@DisplayName("refetch after dispose starts nothing and returns a failed stage")
	void refetchAfterDisposeFails() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Resource.of(requests);
		resource.dispose();
		CompletionStage<String> stage = resource.refetch();
		assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
		assertThat(requests.made).hasSize(1);
		resource.dispose();
	}

	@Test
	@DisplayName("a resource created under an owner is disposed with it")
	void disposedWithOwner() {
		Requests<String> requests = new Requests<>();
		Resource<String> resource = Reactive.createRoot((root) -> {
			Resource<String> created = Resource.of(requests);
			root.dispose();
			return created;
		});
		assertThat(resource.isDisposed()).isTrue();
		assertThat(requests.request(0)).isCancelled();
	}

	@Test
	@DisplayName("a fetcher that throws or returns null gives an error, not an exception")
	void throwingOrNullFetcherGivesError() {
		Resource<String> throwing = Resource.of(() -> {
			throw new IllegalArgumentException("bad request");
		});
		assertThat(throwing.error().get()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad request");
		assertThat(throwing.loading().get()).isFalse();
		Resource<String> returningNull = Resource.of(() -> null);
		assertThat(returningNull.error().get()).isInstanceOf(NullPointerException.class)
			.hasMessage("fetcher returned null");
	}

	@Test
	@DisplayName("mutate replaces the data without a request")
	void mutateReplacesData() {
		Resource<List<String>> resource = Resource.of(() -> CompletableFuture.completedFuture(List.of("a")));
		resource.mutate((list) -> append(list, "b"));
		assertThat(resource.data().get()).containsExactly("a", "b");
	}

	@Test
	@DisplayName("null arguments are rejected with a message naming them")
	void nullArgumentsRejected() {
		assertThatNullPointerException().isThrownBy(() -> Resource.of(null)).withMessage("fetcher must not be null");
		assertThatNullPointerException().isThrownBy(() -> Resource.of(null, (k) -> new CompletableFuture<>()))
			.withMessage("source must not be null");
		assertThatNullPointerException().isThrownBy(() -> Resource.of(Reactive.signal(1), null))
			.withMessage("fetcher must not be null");
		Resource<String> resource = Resource.of(() -> CompletableFuture.completedFuture("a"));
		assertThatNullPointerException().isThrownBy(() -> resource.mutate(null)).withMessage("fn must not be null");
		assertThat(resource.data().get()).isEqualTo("a");
	}

	@Test
	@DisplayName("many threads refetching: exactly one request stays current and its value wins")
	void manyThreadsRefetchingLatestWins() throws Exception {
		Requests<Integer> requests = new Requests<>();
		Resource<Integer> resource = Resource.of(requests);
		int threads = 8;
		int perThread = 200;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					go.await();
					for (int i = 0; i < perThread; i++) {
						resource.refetch();
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> f : done) {
				f.get(30, TimeUnit.SECONDS);
			}
			List<CompletableFuture<Integer>> all = new ArrayList<>(requests.made);
			assertThat(all).hasSize(threads * perThread + 1);
			List<Integer> live = new ArrayList<>();
			for (int i = 0; i < all.size(); i++) {
				if (!all.get(i).isDone()) {
					live.add(i);
				}
			}
			assertThat(live).hasSize(1);
			// complete every request, in random order, from several threads
			List<Integer> order = new ArrayList<>();
			for (int i = 0; i < all.size(); i++) {
				order.add(i);
			}
			java.util.Collections.shuffle(order, ThreadLocalRandom.current());
			List<Future<?>> completions = new ArrayList<>();
			for (int i : order) {
				completions.add(pool.submit(() -> all.get(i).complete(i)));
			}
			for (Future<?> f : completions) {
				f.get(30, TimeUnit.SECONDS);
			}
			assertThat(resource.data().get()).isEqualTo(live.get(0));
			assertThat(resource.loading().get()).isFalse();
			assertThat(resource.error().get()).isNull();
		}
		finally {
			pool.shutdownNow();
		}
	}

	static <T> List<T> append(List<T> list, T item) {
		List<T> copy = new ArrayList<>(list);
		copy.add(item);
		return List.copyOf(copy);
	}

}
