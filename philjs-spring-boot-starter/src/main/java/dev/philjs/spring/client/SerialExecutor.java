package dev.philjs.spring.client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the single lane on
 * which a remote store applies its events and changes its connection state.
 *
 * <p>
 * Thread safe. A task that throws is logged and the next one runs. Tasks submitted after
 * the delegate rejected work are dropped.
 */
final class SerialExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(SerialExecutor.class);

	private final Executor delegate;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean();

	SerialExecutor(Executor delegate) {
		this.delegate = delegate;
	}

	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		schedule();
	}

	private void schedule() {
		if (!this.tasks.isEmpty() && this.running.compareAndSet(false, true)) {
			try {
				this.delegate.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				this.tasks.clear();
				this.running.set(false);
			}
		}
	}

	private void drain() {
		try {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				try {
					task.run();
				}
				catch (RuntimeException | Error ex) {
					logger.warn("Remote store task failed", ex);
				}
			}
		}
		finally {
			this.running.set(false);
			schedule();
		}
	}

}
