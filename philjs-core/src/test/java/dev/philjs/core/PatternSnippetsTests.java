package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.batch;
import static dev.philjs.core.Reactive.createContext;
import static dev.philjs.core.Reactive.createRoot;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static dev.philjs.core.Reactive.useContext;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snippets of docs/patterns.md for the guide's local, shared and global state
 * sections and its performance advice, kept compiling and correct.
 */
class PatternSnippetsTests {

	@Test
	void basicSignalState() {
		Signal<Integer> count = signal(0);
		count.set(count.get() + 1);
		count.update((c) -> c + 1); // atomic, also under concurrent writers
		assertThat(count.get()).isEqualTo(2);
	}

	@Test
	void multipleRelatedSignals() {
		Signal<String> firstName = signal("John");
		Signal<String> lastName = signal("Doe");
		Memo<String> fullName = memo(() -> firstName.get() + " " + lastName.get());
		assertThat(fullName.get()).isEqualTo("John Doe");
		lastName.set("Smith");
		assertThat(fullName.get()).isEqualTo("John Smith");
	}

	record FormData(String username, String email, String bio) {

		FormData withUsername(String value) {
			return new FormData(value, this.email, this.bio);
		}

		FormData withEmail(String value) {
			return new FormData(this.username, value, this.bio);
		}

	}

	@Test
	void objectState() {
		Signal<FormData> form = signal(new FormData("", "", ""));
		Memo<Boolean> isValid = memo(() -> {
			FormData data = form.get();
			return data.username().length() >= 3 && data.email().contains("@") && data.bio().length() <= 500;
		});
		form.update((f) -> f.withUsername("ada"));
		assertThat(isValid.get()).isFalse();
		form.update((f) -> f.withEmail("ada@example.com"));
		assertThat(isValid.get()).isTrue();
	}

	record Item(int id, String name) {
	}

	@Test
	void liftedStateSharedByTwoConsumers() {
		Signal<String> searchTerm = signal("");
		Signal<List<Item>> items = signal(List.of(new Item(1, "Apple"), new Item(2, "Banana"), new Item(3, "Carrot")));
		Memo<List<Item>> filtered = memo(() -> items.get()
			.stream()
			.filter((i) -> i.name().toLowerCase().contains(searchTerm.get().toLowerCase()))
			.toList());
		Memo<Integer> count = memo(() -> filtered.get().size());
		searchTerm.set("an");
		assertThat(filtered.get()).extracting(Item::name).containsExactly("Banana");
		assertThat(count.get()).isEqualTo(1);
	}

	/** The guide's usePagination "custom hook": a small reusable class. */
	static final class Pagination<T> {

		final Signal<Integer> currentPage = signal(1);

		final Memo<Integer> totalPages;

		final Memo<List<T>> pageItems;

		Pagination(ReadSignal<List<T>> items, int pageSize) {
			this.totalPages = memo(() -> Math.max(1, (items.get().size() + pageSize - 1) / pageSize));
			this.pageItems = memo(() -> {
				List<T> all = items.get();
				int start = (this.currentPage.get() - 1) * pageSize;
				return all.subList(Math.min(start, all.size()), Math.min(start + pageSize, all.size()));
			});
		}

		void nextPage() {
			this.currentPage.update((p) -> Math.min(p + 1, this.totalPages.peek()));
		}

		void goToPage(int page) {
			this.currentPage.set(Math.max(1, Math.min(page, this.totalPages.peek())));
		}

	}

	@Test
	void customHookAsAReusableClass() {
		Signal<List<Integer>> items = signal(List.of(1, 2, 3, 4, 5));
		Pagination<Integer> pages = new Pagination<>(items, 2);
		pages.nextPage();
		assertThat(pages.pageItems.get()).containsExactly(3, 4);
		pages.goToPage(99);
		assertThat(pages.pageItems.get()).containsExactly(5);
		assertThat(pages.totalPages.get()).isEqualTo(3);
	}

	record ModalState(boolean isOpen, String title) {
	}

	/** Module-level state: one static instance shared by everything in the JVM. */
	static final class Modal {

		static final Signal<ModalState> STATE = signal(new ModalState(false, ""));

		static void open(String title) {
			STATE.set(new ModalState(true, title));
		}

		static void close() {
			STATE.set(new ModalState(false, ""));
		}

	}

	@Test
	void moduleLevelState() {
		Modal.open("Hello");
		assertThat(Modal.STATE.get().isOpen()).isTrue();
		Modal.close();
		assertThat(Modal.STATE.get()).isEqualTo(new ModalState(false, ""));
	}

	@Test
	void basicAndSignalContext() {
		Context<String> theme = createContext("light");
		Context<Signal<Integer>> counter = createContext(signal(0));
		Signal<Integer> shared = signal(10);
		List<String> log = new ArrayList<>();
		Disposable root = createRoot((dispose) -> {
			theme.provide("dark", () -> counter.provide(shared, () -> {
				effect(() -> log.add(useContext(theme) + ":" + useContext(counter).get()));
			}));
			return dispose;
		});
		shared.set(11);
		assertThat(log).containsExactly("dark:10", "dark:11");
		assertThat(useContext(theme)).isEqualTo("light");
		root.dispose();
	}

	@Test
	void multipleContextsAtOnce() {
		Context<String> user = createContext("anonymous");
		Context<String> locale = createContext("en");
		String seen = Reactive.provide(List.of(user.bind("ada"), locale.bind("fr")),
				() -> useContext(user) + "/" + useContext(locale));
		assertThat(seen).isEqualTo("ada/fr");
	}

	@Test
	void batchingUpdates() {
		Signal<String> first = signal("");
		Signal<String> last = signal("");
		List<String> runs = new ArrayList<>();
		Effect e = effect(() -> runs.add(first.get() + " " + last.get()));
		batch(() -> {
			first.set("Ada");
			last.set("Lovelace");
		});
		assertThat(runs).containsExactly(" ", "Ada Lovelace");
		e.dispose();
	}

	record Dataset(String name, int size) {
	}

	@Test
	void selectiveUpdatesWithEqualityAndFieldMemos() {
		Signal<Dataset> data = signal(new Dataset("a", 1));
		int[] runs = { 0 };
		Memo<String> name = memo(() -> data.get().name());
		Effect e = effect(() -> {
			name.get();
			runs[0]++;
		});
		data.update((d) -> new Dataset(d.name(), d.size() + 1)); // name unchanged: effect
																	// stays
		data.set(new Dataset("a", 2)); // equal record: no change at all
		assertThat(runs[0]).isEqualTo(1);
		data.update((d) -> new Dataset("b", d.size()));
		assertThat(runs[0]).isEqualTo(2);
		e.dispose();
	}

}
