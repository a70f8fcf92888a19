package dev.philjs.benchmarks;

import java.util.function.Supplier;

import dev.philjs.core.Disposable;
import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Framework} adapter for PhilJS ({@link Reactive}): the graph is built inside
 * {@link Reactive#createRoot} and {@link #dispose} disposes that root.
 *
 * @since 0.1.0
 */
public final class PhilJsFramework implements Framework {

	private @Nullable Disposable root;

	@Override
	public String name() {
		return "philjs-core";
	}

	@Override
	public <T> Source<T> signal(T initial) {
		return new PhilJsSource<>(Reactive.signal(initial));
	}

	@Override
	public <T> Readable<T> computed(Supplier<T> fn) {
		return new PhilJsComputed<>(Reactive.memo(fn));
	}

	@Override
	public void effect(Runnable fn) {
		Reactive.effect(fn);
	}

	@Override
	public void batch(Runnable body) {
		Reactive.batch(body);
	}

	@Override
	public <T> T build(Supplier<T> body) {
		return Reactive.createRoot((root) -> {
			this.root = root;
			return body.get();
		});
	}

	@Override
	public void dispose() {
		Disposable current = this.root;
		this.root = null;
		if (current != null) {
			current.dispose();
		}
	}

	private static final class PhilJsSource<T> implements Source<T> {

		private final Signal<T> signal;

		PhilJsSource(Signal<T> signal) {
			this.signal = signal;
		}

		@Override
		public T read() {
			return this.signal.get();
		}

		@Override
		public void write(T value) {
			this.signal.set(value);
		}

	}

	private static final class PhilJsComputed<T> implements Readable<T> {

		private final Memo<T> memo;

		PhilJsComputed(Memo<T> memo) {
			this.memo = memo;
		}

		@Override
		public T read() {
			return this.memo.get();
		}

	}

}
