package dev.philjs.core.async;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The guide's "Async Store" (products: fetch, create, update, delete) on a fake API. */
class ProductsStoreTests {

	record Product(String id, String name, int price) {
	}

	record NewProduct(String name, int price) {
	}

	/** The server side, as the store sees it: every call answers later. */
	interface ProductsApi {

		CompletionStage<List<Product>> list();

		CompletionStage<Product> create(NewProduct product);

		CompletionStage<Product> update(String id, int price);

		CompletionStage<Void> delete(String id);

	}

	/** A fake API whose answers are futures the test completes. */
	static final class FakeApi implements ProductsApi {

		final Queue<CompletableFuture<List<Product>>> lists = new ArrayDeque<>();

		final Queue<CompletableFuture<Product>> creates = new ArrayDeque<>();

		final Queue<CompletableFuture<Product>> updates = new ArrayDeque<>();

		final Queue<CompletableFuture<Void>> deletes = new ArrayDeque<>();

		@Override
		public synchronized CompletionStage<List<Product>> list() {
			return add(this.lists);
		}

		@Override
		public synchronized CompletionStage<Product> create(NewProduct product) {
			return add(this.creates);
		}

		@Override
		public synchronized CompletionStage<Product> update(String id, int price) {
			return add(this.updates);
		}

		@Override
		public synchronized CompletionStage<Void> delete(String id) {
			return add(this.deletes);
		}

		private static <T> CompletableFuture<T> add(Queue<CompletableFuture<T>> queue) {
			CompletableFuture<T> future = new CompletableFuture<>();
			queue.add(future);
			return future;
		}

	}

	// tag::store[]
	/** The guide's products store: a resource for the list, actions that patch it. */
	static final class ProductsStore {

		private final ProductsApi api;

		private final Resource<List<Product>> products;

		private final Signal<@Nullable String> actionError = Reactive.signal(null);

		private final Memo<@Nullable String> error;

		ProductsStore(ProductsApi api) {
			this.api = api;
			this.products = Resource.of(api::list);
			this.error = Reactive.memo(() -> {
				Throwable failure = this.products.error().get();
				return (failure != null) ? failure.getMessage() : this.actionError.get();
			});
		}

		List<Product> products() {
			List<Product> list = this.products.data().get();
			return (list != null) ? list : List.of();
		}

		boolean loading() {
			return this.products.loading().get();
		}

		@Nullable String error() {
			return this.error.get();
		}

		CompletionStage<List<Product>> fetchProducts() {
			this.actionError.set(null);
			return this.products.refetch();
		}

		CompletionStage<Product> createProduct(NewProduct product) {
			return this.api.create(product).whenComplete((created, failure) -> {
				if (failure != null) {
					this.actionError.set(message(failure));
				}
				else {
					this.products.mutate((list) -> with(list, created));
				}
			});
		}

		CompletionStage<Product> updateProduct(String id, int price) {
			return this.api.update(id, price).whenComplete((updated, failure) -> {
				if (failure != null) {
					this.actionError.set(message(failure));
				}
				else {
					this.products.mutate((list) -> replaced(list, updated));
				}
			});
		}

		CompletionStage<Void> deleteProduct(String id) {
			return this.api.delete(id).whenComplete((ignored, failure) -> {
				if (failure != null) {
					this.actionError.set(message(failure));
				}
				else {
					this.products.mutate((list) -> without(list, id));
				}
			});
		}

	}
	// end::store[]

	static String message(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return String.valueOf(cause.getMessage());
	}

	static List<Product> with(@Nullable List<Product> list, Product product) {
		List<Product> copy = (list != null) ? new ArrayList<>(list) : new ArrayList<>();
		copy.add(product);
		return List.copyOf(copy);
	}

	static List<Product> replaced(@Nullable List<Product> list, Product product) {
		return (list != null) ? list.stream().map((p) -> p.id().equals(product.id()) ? product : p).toList()
				: List.of();
	}

	static List<Product> without(@Nullable List<Product> list, String id) {
		return (list != null) ? list.stream().filter((p) -> !p.id().equals(id)).toList() : List.of();
	}

	static final Product CHAIR = new Product("1", "Chair", 40);

	static final Product DESK = new Product("2", "Desk", 120);

	@Test
	@DisplayName("fetchProducts: loading while the list is on its way, then the products")
	void fetchLoadsProducts() {
		FakeApi api = new FakeApi();
		ProductsStore store = new ProductsStore(api);
		assertThat(store.loading()).isTrue();
		api.lists.remove().complete(List.of(CHAIR, DESK));
		assertThat(store.loading()).isFalse();
		assertThat(store.products()).containsExactly(CHAIR, DESK);
		assertThat(store.error()).isNull();
	}

	@Test
	@DisplayName("fetchProducts failing sets the error and a later fetch clears it")
	void fetchFailureSetsErrorAndRefetchClearsIt() {
		FakeApi api = new FakeApi();
		ProductsStore store = new ProductsStore(api);
		api.lists.remove().completeExceptionally(new IllegalStateException("503 from /products"));
		assertThat(store.error()).isEqualTo("503 from /products");
		assertThat(store.loading()).isFalse();
		store.fetchProducts();
		assertThat(store.error()).isNull();
		api.lists.remove().complete(List.of(CHAIR));
		assertThat(store.products()).containsExactly(CHAIR);
	}

	@Test
	@DisplayName("createProduct appends the product the server created")
	void createAppendsServerProduct() {
		FakeApi api = new FakeApi();
		ProductsStore store = new ProductsStore(api);
		api.lists.remove().complete(List.of(CHAIR));
		CompletionStage<Product> created = store.createProduct(new NewProduct("Desk", 120));
		assertThat(store.products()).containsExactly(CHAIR);
		api.creates.remove().complete(DESK);
		assertThat(store.products()).containsExactly(CHAIR, DESK);
		assertThat(created.toCompletableFuture().join()).isEqualTo(DESK);
	}

	@Test
	@DisplayName("updateProduct replaces the product with the server's version")
	void updateReplacesProduct() {
		FakeApi api = new FakeApi();
		ProductsStore store = new ProductsStore(api);
		api.lists.remove().complete(List.of(CHAIR, DESK));
		store.updateProduct("1", 35);
		api.updates.remove().complete(new Product("1", "Chair", 35));
		assertThat(store.products()).containsExactly(new Product("1", "Chair", 35), DESK);
	}

	@Test
	@DisplayName("deleteProduct removes the product once the server agreed")
	void deleteRemovesProduct() {
		FakeApi api = new FakeApi();
		ProductsStore store = new ProductsStore(api);
		api.lists.remove().complete(List.of(CHAIR, DESK));
		store.deleteProduct("1");
		assertThat(store.products()).containsExactly(CHAIR, DESK);
		api.deletes.remove().complete(null);
		assertThat(store.products()).containsExactly(DESK);
	}

	@Test
	@DisplayName("a failed action sets the error, rethrows, and leaves the list as it was")
	void failedActionSetsErrorAndRethrows() {
		FakeApi api = new FakeApi();
		ProductsStore store = new ProductsStore(api);
		api.lists.remove().complete(List.of(CHAIR));
		CompletionStage<Void> deleted = store.deleteProduct("1");
		api.deletes.remove().completeExceptionally(new IllegalStateException("403 forbidden"));
		assertThat(store.error()).isEqualTo("403 forbidden");
		assertThat(store.products()).containsExactly(CHAIR);
		assertThat(deleted.toCompletableFuture()).isCompletedExceptionally();
	}

	@Test
	@DisplayName("a slow list answer from before a refetch does not overwrite the newer list")
	void slowListAnswerDoesNotOverwriteNewerList() {
		FakeApi api = new FakeApi();
		ProductsStore store = new ProductsStore(api);
		CompletableFuture<List<Product>> first = api.lists.remove();
		store.fetchProducts();
		api.lists.remove().complete(List.of(DESK));
		first.complete(List.of(CHAIR));
		assertThat(store.products()).containsExactly(DESK);
	}

	@Test
	@DisplayName("many creations answered on many threads all end up in the list")
	void concurrentCreationsAllLand() throws Exception {
		FakeApi api = new FakeApi();
		ProductsStore store = new ProductsStore(api);
		api.lists.remove().complete(List.of());
		int count = 400;
		List<CompletableFuture<Product>> answers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			store.createProduct(new NewProduct("p" + i, i));
			answers.add(api.creates.remove());
		}
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			for (int i = 0; i < count; i++) {
				int n = i;
				pool.execute(() -> answers.get(n).complete(new Product("id" + n, "p" + n, n)));
			}
			pool.shutdown();
			assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(store.products()).hasSize(count);
		assertThat(store.products().stream().map(Product::id).distinct().count()).isEqualTo(count);
	}

}
