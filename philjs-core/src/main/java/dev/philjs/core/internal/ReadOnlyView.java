package dev.philjs.core.internal;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Subscription;

/**
 * A read-only view of a signal that cannot be cast back to the writable one.
 */
final class ReadOnlyView<T> implements ReadSignal<T> {

	private final ReadSignal<T> source;

	ReadOnlyView(ReadSignal<T> source) {
		this.source = source;
	}

	@Override
	public T get() {
		return this.source.get();
	}

	@Override
	public T peek() {
		return this.source.peek();
	}

	@Override
	public Subscription subscribe(Consumer<? super T> listener) {
		return this.source.subscribe(listener);
	}

	@Override
	public Subscription subscribe(Consumer<? super T> listener, Executor executor) {
		return this.source.subscribe(listener, executor);
	}

	@Override
	public String name() {
		return this.source.name();
	}

	@Override
	public String toString() {
		return "ReadOnly" + this.source;
	}

}
