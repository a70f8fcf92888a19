package dev.philjs.core.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Disposable;
import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.store.CartStore.Product;
import dev.philjs.core.store.TodoStore.Filter;
import dev.philjs.core.store.TodoStore.Todo;
import dev.philjs.core.store.UserStore.User;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The guide's store scenarios: the todo store, the cart store composed with the user
 * store, a derived store, a module-level store, and ownership of store effects.
 */
class StoreTests {

	@Test
	void todoStoreAddsTogglesDeletesAndClearsCompleted() {
		TodoStore store = new TodoStore();
		Todo milk = store.addTodo("Buy milk");
		Todo mail = store.addTodo("  Answer mail ");
		Todo walk = store.addTodo("Walk");
		assertThat(store.todos().get()).extracting(Todo::text).containsExactly("Buy milk", "Answer mail", "Walk");
		assertThat(store.activeCount.get()).isEqualTo(3);

		store.toggleTodo(milk.id());
		store.toggleTodo(walk.id());
		assertThat(store.activeCount.get()).isEqualTo(1);

		store.filter.set(Filter.ACTIVE);
		assertThat(store.filteredTodos.get()).extracting(Todo::id).containsExactly(mail.id());
		store.filter.set(Filter.COMPLETED);
		assertThat(store.filteredTodos.get()).extracting(Todo::id).containsExactly(milk.id(), walk.id());

		store.deleteTodo(walk.id());
		assertThat(store.filteredTodos.get()).extracting(Todo::id).containsExactly(milk.id());
		store.clearCompleted();
		assertThat(store.todos().get()).extracting(Todo::id).containsExactly(mail.id());
		assertThat(store.filteredTodos.get()).isEmpty();
		store.filter.set(Filter.ALL);
		assertThat(store.filteredTodos.get()).extracting(Todo::id).containsExactly(mail.id());
	}

	@Test
	void todoStoreRejectsBlankTextAndChangesNothing() {
		TodoStore store = new TodoStore();
		store.addTodo("one");
		assertThatIllegalArgumentException().isThrownBy(() -> store.addTodo("  ")).withMessageContaining("blank");
		assertThat(store.todos().get()).hasSize(1);
	}

	@Test
	void activeCountRecomputesOnlyWhenTodosChange() {
		TodoStore store = new TodoStore();
		List<Long> seen = new ArrayList<>();
		Disposable effect = Reactive.effect(() -> seen.add(store.activeCount.get()));
		store.addTodo("a");
		store.filter.set(Filter.COMPLETED);
		Todo b = store.addTodo("b");
		store.toggleTodo(b.id());
		assertThat(seen).containsExactly(0L, 1L, 2L, 1L);
		effect.dispose();
	}

	@Test
	void cartDiscountFollowsTheUserStore() {
		UserStore users = new UserStore();
		CartStore cart = new CartStore(users);
		cart.addItem(new Product("p1", "Pen", new BigDecimal("2.50")));
		cart.addItem(new Product("p2", "Book", new BigDecimal("20.00")));
		cart.addItem(new Product("p1", "Pen", new BigDecimal("2.50")));
		assertThat(cart.items().get()).extracting(CartStore.Item::quantity).containsExactly(2, 1);
		assertThat(cart.total.get()).isEqualByComparingTo("25.00");
		assertThat(cart.discount.get()).isEqualByComparingTo("0");

		List<BigDecimal> finals = new ArrayList<>();
		Disposable effect = Reactive.effect(() -> finals.add(cart.finalTotal.get()));
		users.signIn(new User("ada", true));
		assertThat(cart.discount.get()).isEqualByComparingTo("2.50");
		assertThat(cart.finalTotal.get()).isEqualByComparingTo("22.50");
		users.signIn(new User("bob", false));
		users.signOut();
		assertThat(finals).extracting(BigDecimal::toPlainString).containsExactly("25.00", "22.50", "25.00");
		effect.dispose();
	}

	@Test
	void derivedStoreReadsOtherStores() {
		UserStore users = new UserStore();
		CartStore cart = new CartStore(users);
		TodoStore todos = new TodoStore();
		class DashboardStore extends Store {

			final Memo<String> summary = memo("summary",
					() -> todos.activeCount.get() + " to do, cart " + cart.finalTotal.get().toPlainString());

		}
		DashboardStore dashboard = new DashboardStore();
		assertThat(dashboard.summary.get()).isEqualTo("0 to do, cart 0");
		todos.addTodo("x");
		cart.addItem(new Product("p", "Pen", new BigDecimal("1.00")));
		assertThat(dashboard.summary.get()).isEqualTo("1 to do, cart 1.00");
		assertThat(dashboard.storeName()).isEqualTo("DashboardStore");
	}

	@Test
	void moduleLevelStoreIsOneSharedInstance() {
		assertThat(ThemeStore.INSTANCE).isSameAs(ThemeStore.INSTANCE);
		String before = ThemeStore.INSTANCE.theme.get();
		ThemeStore.INSTANCE.toggle();
		assertThat(ThemeStore.INSTANCE.theme.get()).isNotEqualTo(before);
		ThemeStore.INSTANCE.toggle();
		assertThat(ThemeStore.INSTANCE.theme.get()).isEqualTo(before);
	}

	@Test
	void disposingAStoreStopsItsEffectsAndFreezesItsMemos() {
		class CounterStore extends Store {

			final Signal<Integer> count = signal("count", 0);

			final List<Integer> log = new ArrayList<>();

			final Memo<Integer> doubled = memo("doubled", () -> this.count.get() * 2);

			CounterStore() {
				effect("log", () -> this.log.add(this.doubled.get()));
			}

		}
		CounterStore store = new CounterStore();
		store.count.set(1);
		store.dispose();
		store.count.set(5);
		assertThat(store.log).containsExactly(0, 2);
		assertThat(store.isDisposed()).isTrue();
		assertThat(store.doubled.get()).as("a disposed memo keeps its last value").isEqualTo(2);
		assertThat(store.count.get()).isEqualTo(5);
	}

	@Test
	void storeCreatedInsideAnOwnerIsDisposedWithIt() {
		List<String> log = new ArrayList<>();
		Disposable session = Reactive.createRoot((dispose) -> {
			new TodoStore() {
				{
					effect("watch", () -> log.add("active=" + this.activeCount.get()));
					Reactive.runWithOwner(owner(), () -> {
						Reactive.onCleanup(() -> log.add("cleanup"));
						return null;
					});
				}
			};
			return dispose;
		});
		session.dispose();
		assertThat(log).containsExactly("active=0", "cleanup");
	}

	@Test
	void actionsFromManyThreadsLoseNothing() throws Exception {
		TodoStore store = new TodoStore();
		int threads = 8;
		int perThread = 250;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int id = t;
			futures.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					Todo todo = store.addTodo("t" + id + "-" + i);
					if (i % 2 == 0) {
						store.toggleTodo(todo.id());
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> f : futures) {
			f.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(store.todos().get()).hasSize(threads * perThread);
		assertThat(store.activeCount.get()).isEqualTo(threads * perThread / 2);
	}

	static final class ThemeStore extends Store {

		static final ThemeStore INSTANCE = new ThemeStore();

		final Signal<String> theme = signal("theme", "light");

		void toggle() {
			action(() -> this.theme.update((t) -> t.equals("light") ? "dark" : "light"));
		}

	}

}
