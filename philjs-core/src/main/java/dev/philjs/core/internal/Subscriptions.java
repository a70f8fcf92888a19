package dev.philjs.core.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.philjs.core.Effect;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * Listener subscriptions on top of effects.
 */
final class Subscriptions {

	private static final System.Logger logger = System.getLogger(Subscriptions.class.getName());

	private Subscriptions() {
	}

	static <T> Subscription sync(ReadSignal<T> source, Consumer<? super T> listener) {
		Graph.requireNonNull(listener, "listener");
		Effect effect = Graph.effect("subscribe(" + source.name() + ")", () -> {
			T value = source.get();
			Graph.untrack(() -> {
				listener.accept(value);
				return null;
			});
		});
		return new EffectSubscription(effect);
	}

	static <T> Subscription async(ReadSignal<T> source, Consumer<? super T> listener, Executor executor) {
		Graph.requireNonNull(listener, "listener");
		Graph.requireNonNull(executor, "executor");
		AsyncDelivery<T> delivery = new AsyncDelivery<>(source.name(), listener, executor);
		Effect effect = Graph.effect("subscribeAsync(" + source.name() + ")", () -> {
			T value;
			try {
				value = source.get();
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Not delivering " + source.name() + ": its computation failed", ex);
				return;
			}
			delivery.offer(value);
		});
		delivery.effect = effect;
		return delivery;
	}

	private record EffectSubscription(Effect effect) implements Subscription {

		@Override
		public void close() {
			this.effect.dispose();
		}

		@Override
		public boolean isActive() {
			return !this.effect.isDisposed();
		}

	}

	/**
	 * A conflating mailbox: the writer (under the graph lock) replaces the latest value
	 * and schedules one drain task if none is scheduled; the drain task delivers values
	 * one at a time, always the latest, until the mailbox is empty.
	 */
	private static final class AsyncDelivery<T> implements Subscription, Runnable {

		private final String sourceName;

		private final Consumer<? super T> listener;

		private final Executor executor;

		private final AtomicReference<@Nullable Box<T>> latest = new AtomicReference<>();

		private final AtomicBoolean scheduled = new AtomicBoolean();

		private volatile boolean closed;

		volatile @Nullable Effect effect;

		AsyncDelivery(String sourceName, Consumer<? super T> listener, Executor executor) {
			this.sourceName = sourceName;
			this.listener = listener;
			this.executor = executor;
		}

		void offer(T value) {
			if (this.closed) {
				return;
			}
			this.latest.set(new Box<>(value));
			schedule();
		}

		private void schedule() {
			if (this.scheduled.compareAndSet(false, true)) {
				try {
					this.executor.execute(this);
				}
				catch (RejectedExecutionException ex) {
					this.scheduled.set(false);
					logger.log(Level.WARNING, "Executor rejected delivery of " + this.sourceName, ex);
				}
			}
		}

		@Override
		public void run() {
			for (;;) {
				Box<T> box = this.latest.getAndSet(null);
				if (box == null || this.closed) {
					this.scheduled.set(false);
					if (this.latest.get() == null || this.closed || !this.scheduled.compareAndSet(false, true)) {
						return;
					}
					continue;
				}
				try {
					this.listener.accept(box.value);
				}
				catch (RuntimeException ex) {
					logger.log(Level.WARNING, "Listener of " + this.sourceName + " failed", ex);
				}
			}
		}

		@Override
		public void close() {
			this.closed = true;
			this.latest.set(null);
			Effect e = this.effect;
			if (e != null) {
				e.dispose();
			}
		}

		@Override
		public boolean isActive() {
			Effect e = this.effect;
			return !this.closed && e != null && !e.isDisposed();
		}

	}

	private record Box<T>(T value) {
	}

}
