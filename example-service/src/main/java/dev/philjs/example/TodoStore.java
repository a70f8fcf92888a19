package dev.philjs.example;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import dev.philjs.core.Memo;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.core.sync.Merges;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.Hidden;
import dev.philjs.spring.store.MergeWith;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.Writable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The guide's todo store, shared by every client of the service and by every instance.
 * Todos added, toggled or removed at the same moment through two instances all keep their
 * effect: the store replicates {@link Entry entries} with revisions, merged by
 * {@link Entries} (the latest revision of each todo wins; a removed todo stays as a
 * tombstone, so that an instance that still has it cannot bring it back), and clients see
 * the todos derived from them.
 *
 * <p>
 * Thread safety: every method may be called from any thread.
 *
 * @since 0.1.0
 */
@PhilStore(name = "todos", shared = true)
public class TodoStore extends Store {

	/** Which todos the filtered list shows. */
	public enum Filter {

		/** Every todo. */
		ALL,

		/** Todos not done yet. */
		ACTIVE,

		/** Done todos. */
		COMPLETED

	}

	/**
	 * One todo.
	 *
	 * @param id its id
	 * @param text what to do
	 * @param completed whether it is done
	 */
	public record Todo(String id, String text, boolean completed) {
	}

	/**
	 * One revision of a todo, as the instances replicate it.
	 *
	 * @param id the todo's id
	 * @param text what to do
	 * @param completed whether it is done
	 * @param removed whether it was removed (a tombstone)
	 * @param revision 1 when added, one more for each change
	 * @param created when it was added (the order of the list)
	 */
	public record Entry(String id, String text, boolean completed, boolean removed, long revision, Instant created) {

		Entry next(boolean completed, boolean removed) {
			return new Entry(this.id, this.text, completed, removed, this.revision + 1, this.created);
		}

	}

	/**
	 * Merges the entries of two instances: the latest revision of each todo, in the order
	 * they were added.
	 */
	public static final class Entries extends Merges.Latest<Entry> {

		/**
		 * Creates the merge.
		 */
		public Entries() {
			super(Entry::id, Comparator.comparingLong(Entry::revision), Comparator.comparing(Entry::created));
		}

	}

	private static final Entries ENTRIES = new Entries();

	@Hidden
	@MergeWith(Entries.class)
	final Signal<List<Entry>> entries = signal("entries", List.of());

	final Memo<List<Todo>> todos = memo("todos",
			() -> this.entries.get()
				.stream()
				.filter((e) -> !e.removed())
				.map((e) -> new Todo(e.id(), e.text(), e.completed()))
				.toList());

	private final Clock clock = Clock.systemUTC();

	@Writable
	final Signal<Filter> filter = signal("filter", Filter.ALL);

	final Memo<List<Todo>> filtered = memo("filtered", () -> {
		List<Todo> all = this.todos.get();
		return switch (this.filter.get()) {
			case ACTIVE -> all.stream().filter((t) -> !t.completed()).toList();
			case COMPLETED -> all.stream().filter(Todo::completed).toList();
			case ALL -> all;
		};
	});

	final Memo<Long> activeCount = memo("activeCount",
			() -> this.todos.get().stream().filter((t) -> !t.completed()).count());

	/**
	 * Adds a todo.
	 * @param text what to do
	 * @return the new todo
	 */
	@Action
	public Todo add(@NotBlank @Size(max = 200) String text) {
		Entry entry = new Entry(UUID.randomUUID().toString(), text.strip(), false, false, 1, this.clock.instant());
		this.entries.update((list) -> ENTRIES.put(list, entry));
		return new Todo(entry.id(), entry.text(), false);
	}

	/**
	 * Toggles a todo.
	 * @param id its id
	 */
	@Action
	public void toggle(String id) {
		change((e) -> e.id().equals(id), (e) -> e.next(!e.completed(), false));
	}

	/**
	 * Removes a todo.
	 * @param id its id
	 */
	@Action
	public void remove(String id) {
		change((e) -> e.id().equals(id), (e) -> e.next(e.completed(), true));
	}

	/**
	 * Removes the completed todos.
	 */
	@Action
	public void clearCompleted() {
		change(Entry::completed, (e) -> e.next(true, true));
	}

	/**
	 * Replaces the todos (not removed) that match with their next revision, atomically.
	 */
	private void change(Predicate<Entry> which, UnaryOperator<Entry> next) {
		this.entries.update((list) -> {
			List<Entry> result = list;
			for (Entry e : list) {
				if (!e.removed() && which.test(e)) {
					result = ENTRIES.put(result, next.apply(e));
				}
			}
			return result;
		});
	}

}
