package dev.philjs.core.persist;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * A signal whose changes a synchronous subscription hands to a {@link WriteBehind}. The
 * subscription runs under the graph lock on the writing thread, so it sees the changes in
 * the graph's total order, and it only stores them in the write-behind's mailbox.
 */
final class WriteBehindSignal<T> implements PersistentSignal<T> {

	private final String key;

	private final T initial;

	private final Signal<T> signal;

	private final WriteBehind<T> writer;

	private volatile @Nullable Subscription subscription;

	/** Skips the delivery of the loaded value by {@code subscribe}; graph lock. */
	private boolean subscribed;

	/** A reset is waiting for its delivery; guarded by the graph lock. */
	private boolean resetting;

	private WriteBehindSignal(T initial, T loaded, PersistOptions<T> options, Reporter reporter) {
		this.key = options.key;
		this.initial = initial;
		this.signal = Reactive.named("persist:" + options.key).signal(loaded);
		this.writer = new WriteBehind<>(options.key, options.codec, options, reporter);
	}

	static <T> WriteBehindSignal<T> create(T initial, PersistOptions<T> options) {
		Reporter reporter = new Reporter(options.onError);
		T loaded = Loader.load(initial, options, reporter);
		WriteBehindSignal<T> persistent = new WriteBehindSignal<>(initial, loaded, options, reporter);
		persistent.subscription = Reactive.runWithOwner(null, () -> persistent.signal.subscribe(persistent::changed));
		return persistent;
	}

	private void changed(T value) {
		if (!this.subscribed) {
			this.subscribed = true;
			return;
		}
		if (this.resetting && Objects.equals(value, this.initial)) {
			this.resetting = false;
			this.writer.offerRemoval();
			return;
		}
		this.resetting = false;
		this.writer.offer(value);
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public void reset() {
		Reactive.batch(() -> {
			if (Objects.equals(this.signal.peek(), this.initial)) {
				this.writer.offerRemoval();
			}
			else {
				this.resetting = true;
				this.signal.set(this.initial);
			}
		});
	}

	@Override
	public boolean hasPendingWrite() {
		return this.writer.hasPending();
	}

	@Override
	public void flush() {
		this.writer.flush();
	}

	@Override
	public void close() {
		Subscription s = this.subscription;
		if (s != null) {
			s.close();
		}
		this.writer.close();
	}

	@Override
	public T get() {
		return this.signal.get();
	}

	@Override
	public T peek() {
		return this.signal.peek();
	}

	@Override
	public void set(T value) {
		this.signal.set(Objects.requireNonNull(value, "value must not be null"));
	}

	@Override
	public T update(UnaryOperator<T> fn) {
		Objects.requireNonNull(fn, "fn must not be null");
		return this.signal.update((current) -> Objects.requireNonNull(fn.apply(current), "fn returned null"));
	}

	@Override
	public ReadSignal<T> asReadOnly() {
		return this.signal.asReadOnly();
	}

	@Override
	public Subscription subscribe(Consumer<? super T> listener) {
		return this.signal.subscribe(listener);
	}

	@Override
	public Subscription subscribe(Consumer<? super T> listener, Executor executor) {
		return this.signal.subscribe(listener, executor);
	}

	@Override
	public String name() {
		return this.signal.name();
	}

	@Override
	public String toString() {
		return "PersistentSignal[" + this.key + " = " + this.signal.peek() + "]";
	}

}
