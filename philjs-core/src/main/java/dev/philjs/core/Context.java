package dev.philjs.core;

import java.util.List;
import java.util.function.Supplier;

import dev.philjs.core.internal.Graph;
import org.jspecify.annotations.Nullable;

/**
 * A value looked up along the ownership tree, like PhilJS's {@code createContext}. A
 * provider binds a value for its body and for everything created under it (effects and
 * memos see it on later runs too, on whatever thread they run); elsewhere {@link #get()}
 * gives the default.
 *
 * <p>
 * Thread safety: immutable; every method may be called from any thread. Bindings are per
 * owner and per thread: providing a value on one thread does not affect another.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public final class Context<T> {

	private final @Nullable String name;

	private final T defaultValue;

	Context(@Nullable String name, T defaultValue) {
		this.name = name;
		this.defaultValue = defaultValue;
	}

	/**
	 * Runs {@code body} with this context bound to {@code value}.
	 * @param <R> the type of the result
	 * @param value the value
	 * @param body the body
	 * @return what the body returned
	 */
	public <R> R provide(T value, Supplier<R> body) {
		return Graph.provide(new Object[] { this }, new Object[] { value }, body);
	}

	/**
	 * Runs {@code body} with this context bound to {@code value}.
	 * @param value the value
	 * @param body the body
	 */
	public void provide(T value, Runnable body) {
		java.util.Objects.requireNonNull(body, "body must not be null");
		provide(value, () -> {
			body.run();
			return null;
		});
	}

	/**
	 * Returns the value bound by the nearest provider of the current owner, or the
	 * default.
	 * @return the value
	 */
	@SuppressWarnings("unchecked")
	public T get() {
		Object value = Graph.lookupContext(this);
		return Graph.isNotFound(value) ? this.defaultValue : (T) value;
	}

	/**
	 * Returns the default value.
	 * @return the default
	 */
	public T defaultValue() {
		return this.defaultValue;
	}

	/**
	 * Pairs this context with a value, for {@link Reactive#provide(List, Supplier)}.
	 * @param value the value
	 * @return the binding
	 */
	public Binding<T> bind(T value) {
		return new Binding<>(this, value);
	}

	@Override
	public String toString() {
		return "Context[" + ((this.name != null) ? this.name : Integer.toHexString(System.identityHashCode(this)))
				+ "]";
	}

	/**
	 * A context and a value.
	 *
	 * @param <T> the type of the value
	 * @param context the context
	 * @param value the value
	 */
	public record Binding<T>(Context<T> context, T value) {

	}

}
