package dev.philjs.example;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.philjs.core.Memo;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.Writable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The guide's todo store, shared by every client of the service.
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

	final Signal<List<Todo>> todos = signal("todos", List.of());

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
		Todo todo = new Todo(UUID.randomUUID().toString(), text.strip(), false);
		this.todos.update((list) -> {
			List<Todo> next = new ArrayList<>(list);
			next.add(todo);
			return List.copyOf(next);
		});
		return todo;
	}

	/**
	 * Toggles a todo.
	 * @param id its id
	 */
	@Action
	public void toggle(String id) {
		this.todos.update((list) -> list.stream()
			.map((t) -> t.id().equals(id) ? new Todo(t.id(), t.text(), !t.completed()) : t)
			.toList());
	}

	/**
	 * Removes a todo.
	 * @param id its id
	 */
	@Action
	public void remove(String id) {
		this.todos.update((list) -> list.stream().filter((t) -> !t.id().equals(id)).toList());
	}

	/**
	 * Removes the completed todos.
	 */
	@Action
	public void clearCompleted() {
		this.todos.update((list) -> list.stream().filter((t) -> !t.completed()).toList());
	}

}
