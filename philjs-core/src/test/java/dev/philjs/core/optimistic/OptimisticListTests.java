package dev.philjs.core.optimistic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guide's optimistic store on {@link OptimisticList}: add, update, remove, confirm,
 * roll back.
 */
class OptimisticListTests {

	record Item(String id, String title, int likes) {

		Item withTitle(String title) {
			return new Item(this.id, title, this.likes);
		}

		Item liked() {
			return new Item(this.id, this.title, this.likes + 1);
		}

	}

	static final Item MILK = new Item("1", "Milk", 0);

	static final Item BREAD = new Item("2", "Bread", 0);

	OptimisticList<String, Item> items() {
		return OptimisticList.of(List.of(MILK, BREAD), Item::id);
	}

	@Test
	@DisplayName("add shows the item at once and marks its temporary id pending")
	void addShowsItemAtOnce() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> server = new CompletableFuture<>();
		items.add(new Item("tmp-1", "Eggs", 0), () -> server);
		assertThat(items.items().get()).containsExactly(MILK, BREAD, new Item("tmp-1", "Eggs", 0));
		assertThat(items.pendingIds().get()).containsExactly("tmp-1");
		assertThat(items.pendingCount().get()).isEqualTo(1);
		assertThat(items.confirmed().get()).containsExactly(MILK, BREAD);
	}

	@Test
	@DisplayName("a confirmed add replaces the temporary item with the server's item")
	void confirmedAddReplacesTemporaryItem() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> server = new CompletableFuture<>();
		CompletionStage<Item> added = items.add(new Item("tmp-1", "Eggs", 0), () -> server);
		server.complete(new Item("3", "Eggs", 0));
		assertThat(items.items().get()).containsExactly(MILK, BREAD, new Item("3", "Eggs", 0));
		assertThat(items.confirmed().get()).containsExactly(MILK, BREAD, new Item("3", "Eggs", 0));
		assertThat(items.pendingIds().get()).isEmpty();
		assertThat(added.toCompletableFuture().join()).isEqualTo(new Item("3", "Eggs", 0));
	}

	@Test
	@DisplayName("a failed add removes the item and fails the returned stage with the server's error")
	void failedAddRollsBack() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> server = new CompletableFuture<>();
		CompletionStage<Item> added = items.add(new Item("tmp-1", "Eggs", 0), () -> server);
		server.completeExceptionally(new IllegalStateException("409 duplicate"));
		assertThat(items.items().get()).containsExactly(MILK, BREAD);
		assertThat(items.pendingIds().get()).isEmpty();
		assertThatThrownBy(added.toCompletableFuture()::join).hasRootCauseMessage("409 duplicate");
	}

	@Test
	@DisplayName("update shows the change at once and the server's version once confirmed")
	void updateShowsChangeThenServerVersion() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> server = new CompletableFuture<>();
		items.update("1", (item) -> item.withTitle("Oat milk"), () -> server);
		assertThat(items.items().get()).containsExactly(new Item("1", "Oat milk", 0), BREAD);
		assertThat(items.pendingIds().get()).containsExactly("1");
		server.complete(new Item("1", "Oat milk (1l)", 0));
		assertThat(items.items().get()).containsExactly(new Item("1", "Oat milk (1l)", 0), BREAD);
		assertThat(items.pendingIds().get()).isEmpty();
	}

	@Test
	@DisplayName("a failed update rolls back to the original item")
	void failedUpdateRollsBack() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> server = new CompletableFuture<>();
		CompletionStage<Item> updated = items.update("1", (item) -> item.withTitle("Oat milk"), () -> server);
		server.completeExceptionally(new IllegalStateException("500"));
		assertThat(items.items().get()).containsExactly(MILK, BREAD);
		assertThat(updated.toCompletableFuture()).isCompletedExceptionally();
	}

	@Test
	@DisplayName("remove hides the item at once, and removes it for good once confirmed")
	void removeHidesThenRemoves() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Void> server = new CompletableFuture<>();
		CompletionStage<Void> removed = items.remove("1", () -> server);
		assertThat(items.items().get()).containsExactly(BREAD);
		assertThat(items.confirmed().get()).containsExactly(MILK, BREAD);
		server.complete(null);
		assertThat(items.confirmed().get()).containsExactly(BREAD);
		assertThat(removed.toCompletableFuture()).isCompleted();
	}

	@Test
	@DisplayName("a failed remove shows the item again, in its place")
	void failedRemoveShowsItemAgainInPlace() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<String> server = new CompletableFuture<>();
		items.remove("1", () -> server);
		server.completeExceptionally(new IllegalStateException("403"));
		assertThat(items.items().get()).containsExactly(MILK, BREAD);
	}

	@Test
	@DisplayName("two overlapping updates of one item: rolling back the first keeps the second")
	void overlappingUpdatesRollBackIndependently() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> rename = new CompletableFuture<>();
		CompletableFuture<Item> like = new CompletableFuture<>();
		items.update("1", (item) -> item.withTitle("Oat milk"), () -> rename);
		items.update("1", Item::liked, () -> like);
		assertThat(items.items().get()).containsExactly(new Item("1", "Oat milk", 1), BREAD);
		rename.completeExceptionally(new IllegalStateException("rename refused"));
		assertThat(items.items().get()).containsExactly(new Item("1", "Milk", 1), BREAD);
		assertThat(items.pendingIds().get()).containsExactly("1");
		like.complete(new Item("1", "Milk", 1));
		assertThat(items.items().get()).containsExactly(new Item("1", "Milk", 1), BREAD);
		assertThat(items.pendingCount().get()).isZero();
	}

	@Test
	@DisplayName("two overlapping updates: rolling back the second keeps the first")
	void overlappingUpdatesRollBackSecond() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> rename = new CompletableFuture<>();
		CompletableFuture<Item> like = new CompletableFuture<>();
		items.update("1", (item) -> item.withTitle("Oat milk"), () -> rename);
		items.update("1", Item::liked, () -> like);
		like.completeExceptionally(new IllegalStateException("like refused"));
		assertThat(items.items().get()).containsExactly(new Item("1", "Oat milk", 0), BREAD);
	}

	@Test
	@DisplayName("a later change confirmed first survives the rollback of an earlier one")
	void laterConfirmedChangeSurvivesEarlierRollback() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> eggs = new CompletableFuture<>();
		CompletableFuture<Void> removeBread = new CompletableFuture<>();
		items.add(new Item("tmp-1", "Eggs", 0), () -> eggs);
		items.remove("2", () -> removeBread);
		removeBread.complete(null);
		eggs.completeExceptionally(new IllegalStateException("out of eggs"));
		assertThat(items.items().get()).containsExactly(MILK);
		assertThat(items.confirmed().get()).containsExactly(MILK);
	}

	@Test
	@DisplayName("a fresh load of the confirmed list keeps pending changes on top")
	void setConfirmedKeepsPendingChanges() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> like = new CompletableFuture<>();
		items.update("2", Item::liked, () -> like);
		items.setConfirmed(List.of(new Item("2", "Rye bread", 5)));
		assertThat(items.items().get()).containsExactly(new Item("2", "Rye bread", 6));
	}

	@Test
	@DisplayName("a pending update whose item was removed meanwhile does nothing")
	void pendingUpdateOfRemovedItemDoesNothing() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> like = new CompletableFuture<>();
		CompletableFuture<Void> remove = new CompletableFuture<>();
		items.update("1", Item::liked, () -> like);
		items.remove("1", () -> remove);
		remove.complete(null);
		assertThat(items.items().get()).containsExactly(BREAD);
		like.complete(new Item("1", "Milk", 1));
		assertThat(items.items().get()).containsExactly(BREAD);
		assertThat(items.confirmed().get()).containsExactly(BREAD);
	}

	@Test
	@DisplayName("an added item whose id is already confirmed replaces it instead of appearing twice")
	void addWithClientIdDoesNotDuplicate() {
		OptimisticList<String, Item> items = items();
		CompletableFuture<Item> server = new CompletableFuture<>();
		items.add(new Item("c-7", "Tea", 0), () -> server);
		items.setConfirmed(List.of(MILK, BREAD, new Item("c-7", "Tea", 0)));
		assertThat(items.items().get()).containsExactly(MILK, BREAD, new Item("c-7", "Tea", 0));
		server.complete(new Item("c-7", "Tea", 0));
		assertThat(items.confirmed().get()).containsExactly(MILK, BREAD, new Item("c-7", "Tea", 0));
	}

	@Test
	@DisplayName("updating or removing an id that is not visible is rejected: nothing changes, nothing is sent")
	void missingIdRejected() {
		OptimisticList<String, Item> items = items();
		AtomicInteger sent = new AtomicInteger();
		assertThatIllegalArgumentException().isThrownBy(() -> items.update("9", Item::liked, () -> {
			sent.incrementAndGet();
			return new CompletableFuture<>();
		})).withMessage("no item with id 9");
		assertThatIllegalArgumentException().isThrownBy(() -> items.remove("9", () -> {
			sent.incrementAndGet();
			return new CompletableFuture<>();
		})).withMessage("no item with id 9");
		assertThat(sent).hasValue(0);
		assertThat(items.pendingCount().get()).isZero();
		assertThat(items.items().get()).containsExactly(MILK, BREAD);
	}

	@Test
	@DisplayName("a request that throws or returns null rolls the change back")
	void throwingRequestRollsBack() {
		OptimisticList<String, Item> items = items();
		CompletionStage<Item> thrown = items.add(new Item("tmp", "Jam", 0), () -> {
			throw new IllegalStateException("offline");
		});
		CompletionStage<Void> nothing = items.remove("1", () -> null);
		assertThat(items.items().get()).containsExactly(MILK, BREAD);
		assertThatThrownBy(thrown.toCompletableFuture()::join).hasRootCauseMessage("offline");
		assertThatThrownBy(nothing.toCompletableFuture()::join).hasRootCauseMessage("request returned null");
	}

	@Test
	@DisplayName("observers see the optimistic item, then the server's item, with no step in between")
	void observersSeeNoIntermediateState() {
		OptimisticList<String, Item> items = items();
		List<List<String>> seen = new ArrayList<>();
		Effect effect = Reactive.effect(() -> seen.add(items.items().get().stream().map(Item::id).toList()));
		CompletableFuture<Item> server = new CompletableFuture<>();
		items.add(new Item("tmp", "Jam", 0), () -> server);
		server.complete(new Item("3", "Jam", 0));
		effect.dispose();
		assertThat(seen).containsExactly(List.of("1", "2"), List.of("1", "2", "tmp"), List.of("1", "2", "3"));
	}

	@Test
	@DisplayName("null arguments are rejected with a message naming them")
	void nullArgumentsRejected() {
		OptimisticList<String, Item> items = items();
		assertThatNullPointerException().isThrownBy(() -> OptimisticList.of(null, Item::id))
			.withMessage("initial must not be null");
		assertThatNullPointerException().isThrownBy(() -> OptimisticList.of(List.of(), null))
			.withMessage("id must not be null");
		assertThatNullPointerException().isThrownBy(() -> items.add(null, CompletableFuture::new))
			.withMessage("item must not be null");
		assertThatNullPointerException().isThrownBy(() -> items.update("1", null, CompletableFuture::new))
			.withMessage("change must not be null");
		assertThatNullPointerException().isThrownBy(() -> items.remove("1", null))
			.withMessage("request must not be null");
		assertThat(items.pendingCount().get()).isZero();
	}

	@Test
	@DisplayName("many threads adding and liking, answered in random order on other threads: the end state is exact")
	void manyThreadsEndInExactState() throws Exception {
		OptimisticList<String, Item> items = OptimisticList.of(List.of(MILK), Item::id);
		int threads = 8;
		int perThread = 100;
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		ExecutorService server = Executors.newFixedThreadPool(4);
		AtomicInteger serverIds = new AtomicInteger(100);
		AtomicInteger likesAccepted = new AtomicInteger();
		List<CompletableFuture<?>> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
		Set<String> created = java.util.concurrent.ConcurrentHashMap.newKeySet();
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(callers.submit(() -> {
					go.await();
					for (int i = 0; i < perThread; i++) {
						boolean accept = ThreadLocalRandom.current().nextBoolean();
						if (i % 2 == 0) {
							String title = "item " + thread + "/" + i;
							outcomes.add(items
								.add(new Item("tmp " + title, title, 0), () -> CompletableFuture.supplyAsync(() -> {
									if (!accept) {
										throw new IllegalStateException("refused");
									}
									Item real = new Item(String.valueOf(serverIds.incrementAndGet()), title, 0);
									created.add(real.id());
									return real;
								}, server))
								.toCompletableFuture());
						}
						else {
							outcomes.add(items.update("1", Item::liked, () -> CompletableFuture.supplyAsync(() -> {
								if (!accept) {
									throw new IllegalStateException("refused");
								}
								return new Item("1", "Milk", likesAccepted.incrementAndGet());
							}, server)).toCompletableFuture());
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
		assertThat(items.pendingCount().get()).isZero();
		assertThat(items.pendingIds().get()).isEmpty();
		assertThat(items.items().get()).isEqualTo(items.confirmed().get());
		List<Item> end = items.items().get();
		assertThat(end.subList(1, end.size()).stream().map(Item::id)).containsExactlyInAnyOrderElementsOf(created);
		// the server's answers are applied in the order they arrive, so the confirmed
		// count is the answer that came last, which is at most the number accepted
		assertThat(end.get(0).likes()).isBetween(0, likesAccepted.get());
		assertThat(end.get(0).likes() > 0).isEqualTo(likesAccepted.get() > 0);
	}

}
