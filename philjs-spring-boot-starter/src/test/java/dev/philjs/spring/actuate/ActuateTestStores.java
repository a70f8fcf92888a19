package dev.philjs.spring.actuate;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Memo;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreChange;
import dev.philjs.spring.store.StoreListener;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.StoreSnapshot;
import dev.philjs.spring.store.Writable;

import org.springframework.context.annotation.Import;

/**
 * Stores and a subscriber shared by the endpoint, health and metrics tests.
 */
@Import({ ActuateTestStores.CounterStore.class, ActuateTestStores.CartStore.class,
		ActuateTestStores.SearchStore.class })
class ActuateTestStores {

	@PhilStore("counter")
	static class CounterStore extends Store {

		final Signal<Integer> count = signal("count", 0);

		final Memo<Integer> doubled = memo("doubled", () -> this.count.get() * 2);

		@Writable
		final Signal<String> label = signal("label", "");

		@Action
		public int add(int amount) {
			return this.count.update((c) -> c + amount);
		}

	}

	@PhilStore(name = "cart", scope = StoreScope.SESSION)
	static class CartStore extends Store {

		@Writable
		final Signal<List<String>> items = signal("items", List.of());

		@Action
		public void clear() {
			this.items.set(List.of());
		}

	}

	@PhilStore(name = "search", scope = StoreScope.REQUEST)
	static class SearchStore extends Store {

		@Writable
		final Signal<String> query = signal("query", "");

	}

	/** A subscriber that can be held up, to make deliveries conflate. */
	static final class GatedListener implements StoreListener {

		final CountDownLatch gate;

		/** Counted down when the first delivery has started (and waits at the gate). */
		final CountDownLatch entered = new CountDownLatch(1);

		volatile long lastVersion = -1;

		GatedListener(CountDownLatch gate) {
			this.gate = gate;
		}

		@Override
		public void onSnapshot(StoreSnapshot snapshot) throws Exception {
			this.entered.countDown();
			this.gate.await(30, TimeUnit.SECONDS);
			this.lastVersion = snapshot.version();
		}

		@Override
		public void onChanges(List<StoreChange> changes) throws Exception {
			this.entered.countDown();
			this.gate.await(30, TimeUnit.SECONDS);
			this.lastVersion = changes.get(changes.size() - 1).version();
		}

	}

}
