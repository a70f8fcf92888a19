package dev.philjs.core.persist;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.philjs.core.testing.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Tests of {@link CachedResource}: the guide's stale-while-revalidate product cache. */
class CachedResourceTests {

	static final Codec<List<Product>> PRODUCTS = Codec.of(
			(list) -> list.stream().map(Product::toJson).collect(Collectors.joining("\n")),
			(text) -> text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).map(Product::fromJson).toList());

	static final Duration CACHE_DURATION = Duration.ofMinutes(5);

	private final VirtualScheduler scheduler = new VirtualScheduler();

	private final RecordingStorage storage = new RecordingStorage();

	private final List<PersistenceException> errors = new CopyOnWriteArrayList<>();

	private final List<CompletableFuture<List<Product>>> fetches = new CopyOnWriteArrayList<>();

	private CachedResource<List<Product>> productCache(StateStorage storage) {
		return Persistence.cachedResource(List.of(),
				PersistOptions.builder("products", storage, PRODUCTS)
					.scheduler(this.scheduler)
					.clock(this.scheduler.clock())
					.onError(this.errors::add)
					.build(),
				CACHE_DURATION, this::fetchProducts);
	}

	private CompletionStage<List<Product>> fetchProducts() {
		CompletableFuture<List<Product>> fetch = new CompletableFuture<>();
		this.fetches.add(fetch);
		return fetch;
	}

	private void storeCache(Instant fetchedAt, List<Product> products) {
		this.storage.delegate().set("products", fetchedAt.toEpochMilli() + "\n" + PRODUCTS.encode(products));
	}

	@Test
	void productCacheOfTheGuide() {
		storeCache(VirtualScheduler.EPOCH, List.of(new Product("Apple", 3)));
		CachedResource<List<Product>> cache = productCache(this.storage);
		this.scheduler.advance(Duration.ofMinutes(6));

		assertThat(cache.isStale()).isTrue();
		cache.refreshIfStale();
		assertThat(cache.loading().get()).isTrue();
		assertThat(cache.value().get()).containsExactly(new Product("Apple", 3));

		this.fetches.get(0).complete(List.of(new Product("Apple", 2), new Product("Pear", 4)));
		this.scheduler.runDue();

		assertThat(cache.loading().get()).isFalse();
		assertThat(cache.isStale()).isFalse();
		assertThat(cache.value().get()).containsExactly(new Product("Apple", 2), new Product("Pear", 4));
		assertThat(this.storage.get("products")).hasValueSatisfying((text) -> assertThat(text)
			.startsWith(VirtualScheduler.EPOCH.plus(Duration.ofMinutes(6)).toEpochMilli() + "\n"));
	}

	@Test
	void loadsTheCachedValueWithItsFetchTimeOnCreation() {
		Instant fetchedAt = VirtualScheduler.EPOCH.minusSeconds(60);
		storeCache(fetchedAt, List.of(new Product("Apple", 3)));

		CachedResource<List<Product>> cache = productCache(this.storage);

		assertThat(cache.value().get()).containsExactly(new Product("Apple", 3));
		assertThat(cache.fetchedAt().get()).contains(fetchedAt);
		assertThat(cache.loading().get()).isFalse();
		assertThat(this.fetches).isEmpty();
	}

	@Test
	void aValueNeverFetchedIsStale() {
		CachedResource<List<Product>> cache = productCache(this.storage);

		assertThat(cache.value().get()).isEmpty();
		assertThat(cache.fetchedAt().get()).isEmpty();
		assertThat(cache.isStale()).isTrue();
	}

	@Test
	void aValueBecomesStaleWhenOlderThanTheMaximumAge() {
		storeCache(VirtualScheduler.EPOCH, List.of(new Product("Apple", 3)));
		CachedResource<List<Product>> cache = productCache(this.storage);

		this.scheduler.advance(CACHE_DURATION);
		assertThat(cache.isStale()).isFalse();
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(cache.isStale()).isTrue();
	}

	@Test
	void refreshServesTheCachedValueWhileFetchingThenStoresTheFreshOneWithItsTime() {
		storeCache(VirtualScheduler.EPOCH, List.of(new Product("Apple", 3)));
		CachedResource<List<Product>> cache = productCache(this.storage);
		this.scheduler.advance(Duration.ofMinutes(10));

		CompletionStage<List<Product>> refreshed = cache.refresh();
		assertThat(cache.loading().get()).isTrue();
		assertThat(cache.value().get()).containsExactly(new Product("Apple", 3));
		assertThat(this.storage.attempts()).isEmpty();

		this.fetches.get(0).complete(List.of(new Product("Pear", 4)));
		this.scheduler.runDue();

		Instant now = VirtualScheduler.EPOCH.plus(Duration.ofMinutes(10));
		assertThat(refreshed.toCompletableFuture()).isCompletedWithValue(List.of(new Product("Pear", 4)));
		assertThat(cache.value().get()).containsExactly(new Product("Pear", 4));
		assertThat(cache.fetchedAt().get()).contains(now);
		assertThat(cache.loading().get()).isFalse();
		assertThat(this.storage.writesOf("products"))
			.containsExactly(now.toEpochMilli() + "\n" + new Product("Pear", 4).toJson());
	}

	@Test
	void aFailedRefreshKeepsTheCachedValueAndSetsTheError() {
		storeCache(VirtualScheduler.EPOCH, List.of(new Product("Apple", 3)));
		CachedResource<List<Product>> cache = productCache(this.storage);

		CompletionStage<List<Product>> refreshed = cache.refresh();
		IllegalStateException offline = new IllegalStateException("offline");
		this.fetches.get(0).completeExceptionally(offline);
		this.scheduler.runDue();

		assertThat(refreshed.toCompletableFuture()).isCompletedExceptionally();
		assertThat(cache.value().get()).containsExactly(new Product("Apple", 3));
		assertThat(cache.fetchedAt().get()).contains(VirtualScheduler.EPOCH);
		assertThat(cache.error().get()).containsSame(offline);
		assertThat(cache.loading().get()).isFalse();
		assertThat(this.storage.attempts()).isEmpty();
	}

	@Test
	void aSuccessfulRefreshClearsTheError() {
		CachedResource<List<Product>> cache = productCache(this.storage);
		cache.refresh();
		this.fetches.get(0).completeExceptionally(new IllegalStateException("offline"));

		cache.refresh();
		this.fetches.get(1).complete(List.of());

		assertThat(cache.error().get()).isEmpty();
	}

	@Test
	void aFetchFunctionThatThrowsIsAFailedRefresh() {
		IllegalStateException bug = new IllegalStateException("no client");
		CachedResource<String> cache = Persistence.cachedResource("none",
				PersistOptions.builder("greeting", this.storage, Codec.ofString()).scheduler(this.scheduler).build(),
				CACHE_DURATION, () -> {
					throw bug;
				});

		CompletionStage<String> refreshed = cache.refresh();

		assertThat(refreshed.toCompletableFuture()).isCompletedExceptionally();
		assertThat(cache.error().get()).containsSame(bug);
		assertThat(cache.loading().get()).isFalse();
		assertThat(cache.value().get()).isEqualTo("none");
	}

	@Test
	void aRefreshDuringAFetchJoinsIt() {
		CachedResource<List<Product>> cache = productCache(this.storage);

		CompletionStage<List<Product>> first = cache.refresh();
		CompletionStage<List<Product>> second = cache.refresh();
		this.fetches.get(0).complete(List.of(new Product("Fig", 5)));

		assertThat(this.fetches).hasSize(1);
		assertThat(first.toCompletableFuture()).isCompletedWithValue(List.of(new Product("Fig", 5)));
		assertThat(second.toCompletableFuture()).isCompletedWithValue(List.of(new Product("Fig", 5)));

		cache.refresh();
		assertThat(this.fetches).hasSize(2);
	}

	@Test
	void refreshIfStaleDoesNotFetchAFreshValue() {
		storeCache(VirtualScheduler.EPOCH, List.of(new Product("Apple", 3)));
		CachedResource<List<Product>> cache = productCache(this.storage);

		CompletionStage<List<Product>> result = cache.refreshIfStale();

		assertThat(this.fetches).isEmpty();
		assertThat(result.toCompletableFuture()).isCompletedWithValue(List.of(new Product("Apple", 3)));
	}

	@Test
	void aCorruptCacheEntryIsQuarantinedAndTheInitialValueServed() {
		this.storage.delegate().set("products", "yesterday\n[]");

		CachedResource<List<Product>> cache = productCache(this.storage);

		assertThat(cache.value().get()).isEmpty();
		assertThat(cache.isStale()).isTrue();
		assertThat(this.storage.keys(Persistence.QUARANTINE_PREFIX)).hasSize(1);
		assertThat(this.errors).singleElement().isInstanceOf(CorruptValueException.class);
	}

	@Test
	void aFailingCacheWriteIsRetriedWhileTheFreshValueIsServed() {
		CachedResource<List<Product>> cache = productCache(this.storage);
		this.storage.failNextWrites(1);

		cache.refresh();
		this.fetches.get(0).complete(List.of(new Product("Pear", 4)));
		this.scheduler.runDue();
		assertThat(cache.value().get()).containsExactly(new Product("Pear", 4));
		assertThat(this.storage.get("products")).isEmpty();

		this.scheduler.advance(PersistOptions.DEFAULT_RETRY_INITIAL);

		assertThat(this.storage.get("products")).isPresent();
		assertThat(this.errors).singleElement().isInstanceOf(StorageException.class);
	}

	@Test
	void theCacheSurvivesARestart(@TempDir Path root) {
		FileStateStorage files = FileStateStorage.forApplication(root, "shop");
		CachedResource<List<Product>> cache = productCache(files);
		cache.refresh();
		this.fetches.get(0).complete(List.of(new Product("Pear", 4)));
		cache.close();

		this.scheduler.advance(Duration.ofMinutes(1));
		CachedResource<List<Product>> restarted = productCache(FileStateStorage.forApplication(root, "shop"));

		assertThat(restarted.value().get()).containsExactly(new Product("Pear", 4));
		assertThat(restarted.fetchedAt().get()).contains(VirtualScheduler.EPOCH);
		assertThat(restarted.isStale()).isFalse();
	}

	@Test
	void aNegativeMaximumAgeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Persistence.cachedResource("x",
				PersistOptions.builder("k", this.storage, Codec.ofString()).build(), Duration.ofSeconds(-1),
				() -> CompletableFuture.completedFuture("y")))
			.withMessageContaining("maxAge");
	}

	@Test
	void concurrentRefreshesShareOneFetch() throws Exception {
		CachedResource<List<Product>> cache = productCache(this.storage);
		AtomicInteger calls = new AtomicInteger();
		List<CompletionStage<List<Product>>> stages = new CopyOnWriteArrayList<>();

		PersistentSignalTests.runConcurrently(8, () -> {
			for (int i = 0; i < 50; i++) {
				stages.add(cache.refresh());
				calls.incrementAndGet();
			}
		});
		assertThat(this.fetches).hasSize(1);
		this.fetches.get(0).complete(List.of(new Product("Fig", 5)));

		assertThat(calls).hasValue(400);
		List<List<Product>> results = new ArrayList<>();
		for (CompletionStage<List<Product>> stage : stages) {
			results.add(stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
		}
		assertThat(results).hasSize(400).containsOnly(List.of(new Product("Fig", 5)));
		assertThat(cache.loading().get()).isFalse();
		assertThat(cache.error().get()).isEqualTo(Optional.empty());
	}

}
