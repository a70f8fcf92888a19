package dev.philjs.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.vaadin.signals.Signal;
import com.vaadin.signals.ValueSignal;

/**
 * The {@link Framework} adapter for Vaadin signals 24.9 ({@code com.vaadin:signals}),
 * used without a Vaadin UI, so effects run synchronously. Vaadin has no root scope: the
 * adapter keeps the disposers of the effects it created and {@link #dispose} calls them.
 *
 * @since 0.1.0
 */
public final class VaadinFramework implements Framework {

	private final List<Runnable> disposers = new ArrayList<>();

	@Override
	public String name() {
		return "vaadin-signals";
	}

	@Override
	public <T> Source<T> signal(T initial) {
		return new VaadinSource<>(new ValueSignal<>(initial));
	}

	@Override
	public <T> Readable<T> computed(Supplier<T> fn) {
		return new VaadinComputed<>(Signal.computed(fn));
	}

	@Override
	public void effect(Runnable fn) {
		this.disposers.add(Signal.effect(fn));
	}

	@Override
	public void batch(Runnable body) {
		Signal.runInTransaction(body);
	}

	@Override
	public <T> T build(Supplier<T> body) {
		return body.get();
	}

	@Override
	public void dispose() {
		for (int i = this.disposers.size() - 1; i >= 0; i--) {
			this.disposers.get(i).run();
		}
		this.disposers.clear();
	}

	private static final class VaadinSource<T> implements Source<T> {

		private final ValueSignal<T> signal;

		VaadinSource(ValueSignal<T> signal) {
			this.signal = signal;
		}

		@Override
		public T read() {
			return this.signal.value();
		}

		@Override
		public void write(T value) {
			this.signal.value(value);
		}

	}

	private static final class VaadinComputed<T> implements Readable<T> {

		private final Signal<T> signal;

		VaadinComputed(Signal<T> signal) {
			this.signal = signal;
		}

		@Override
		public T read() {
			return this.signal.value();
		}

	}

}
