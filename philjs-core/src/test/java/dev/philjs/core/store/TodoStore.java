package dev.philjs.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.philjs.core.Memo;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;

/**
 * The guide's todo store ("Factory Store"), in Java.
 */
class TodoStore extends Store {

	enum Filter {

		ALL, ACTIVE, COMPLETED

	}

	record Todo(String id, String text, boolean completed) {

		Todo toggled() {
			return new Todo(this.id, this.text, !this.completed);
		}

	}

	private final Signal<List<Todo>> todos = signal("todos", List.of());

	final Signal<Filter> filter = signal("filter", Filter.ALL);

	final Memo<List<Todo>> filteredTodos = memo("filteredTodos", () -> {
		List<Todo> all = this.todos.get();
		return switch (this.filter.get()) {
			case ACTIVE -> all.stream().filter((t) -> !t.completed()).toList();
			case COMPLETED -> all.stream().filter(Todo::completed).toList();
			case ALL -> all;
		};
	});

	final Memo<Long> activeCount = memo("activeCount",
			() -> this.todos.get().stream().filter((t) -> !t.completed()).count());

	ReadSignal<List<Todo>> todos() {
		return this.todos.asReadOnly();
	}

	Todo addTodo(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("todo text must not be blank");
		}
		Todo todo = new Todo(UUID.randomUUID().toString(), text.strip(), false);
		this.todos.update((list) -> append(list, todo));
		return todo;
	}

	void toggleTodo(String id) {
		this.todos.update((list) -> list.stream().map((t) -> t.id().equals(id) ? t.toggled() : t).toList());
	}

	void deleteTodo(String id) {
		this.todos.update((list) -> list.stream().filter((t) -> !t.id().equals(id)).toList());
	}

	void clearCompleted() {
		this.todos.update((list) -> list.stream().filter((t) -> !t.completed()).toList());
	}

	private static List<Todo> append(List<Todo> list, Todo todo) {
		List<Todo> next = new ArrayList<>(list.size() + 1);
		next.addAll(list);
		next.add(todo);
		return List.copyOf(next);
	}

}
