package dev.philjs.spring.websocket;

import java.util.List;

import dev.philjs.core.Context;
import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.Writable;

import org.springframework.context.annotation.Import;

/**
 * Stores used by the WebSocket tests.
 */
@Import({ WebSocketTestStores.BoardStore.class, WebSocketTestStores.FeedStore.class,
		WebSocketTestStores.QuietStore.class, WebSocketTestStores.CartStore.class,
		WebSocketTestStores.ScratchStore.class })
class WebSocketTestStores {

	/** The user seen by store code, bound from the handshake request. */
	static final Context<String> USER = Reactive.createContext("user", "anonymous");

	@PhilStore("board")
	static class BoardStore extends Store {

		final Signal<Integer> count = signal("count", 0);

		final Memo<Integer> doubled = memo("doubled", () -> this.count.get() * 2);

		@Writable
		final Signal<String> title = signal("title", "");

		final Signal<String> locked = signal("locked", "fixed");

		@Writable
		final Signal<Integer> size = signal("size", 0);

		@Action
		public int add(int amount) {
			return this.count.update((c) -> c + amount);
		}

		@Action
		public int increment() {
			return this.count.update((c) -> c + 1);
		}

		@Action
		public void fail() {
			throw new IllegalStateException("refused by the store");
		}

		@Action
		public String whoAmI() {
			return USER.get();
		}

		public void notAnAction() {
			this.count.set(-1);
		}

	}

	/** Written directly by the tests, watched by several clients. */
	@PhilStore("feed")
	static class FeedStore extends Store {

		final Signal<String> message = signal("message", "");

		final Signal<String> blob = signal("blob", "");

	}

	/** Subscribed by one test only, to count its subscribers exactly. */
	@PhilStore("quiet")
	static class QuietStore extends Store {

		final Signal<Integer> value = signal("value", 0);

	}

	@PhilStore(name = "cart", scope = StoreScope.SESSION)
	static class CartStore extends Store {

		@Writable
		final Signal<List<String>> items = signal("items", List.of());

	}

	@PhilStore(name = "scratch", scope = StoreScope.REQUEST)
	static class ScratchStore extends Store {

		@Writable
		final Signal<String> note = signal("note", "");

	}

}
