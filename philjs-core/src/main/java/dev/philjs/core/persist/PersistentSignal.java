package dev.philjs.core.persist;

import dev.philjs.core.Signal;

/**
 * A {@link Signal} whose value is loaded from a {@link StateStorage} when it is created
 * and written back behind the writers' backs: the guide's {@code persistentSignal}.
 * Created by {@link Persistence#persistentSignal(Object, PersistOptions)}.
 *
 * <p>
 * Rules:
 * <ul>
 * <li>the stored value is read once, at creation, on the creating thread, and merged with
 * the initial value by the options' merge function; a missing or unreadable value gives
 * the initial value;</li>
 * <li>a stored value that cannot be decoded gives the initial value and a
 * {@link CorruptValueException} to the error listener; its text is kept under a key
 * starting with {@link Persistence#QUARANTINE_PREFIX}, never destroyed;</li>
 * <li>every change is written on the options' executor, never under the graph lock;
 * changes closer together than the debounce period are written once, with the latest
 * value; writes of one key never overlap and never store an older value after a newer
 * one, so when writers stop, the last value written lands;</li>
 * <li>a failing write keeps the value in memory, goes to the error listener, and is
 * retried with exponential backoff until it succeeds, always with the latest value;</li>
 * <li>{@link #flush()} and {@link #close()} write what is pending on the calling
 * thread.</li>
 * </ul>
 * Values are encoded when they are written, later and on another thread than the change:
 * use immutable values.
 *
 * <p>
 * Thread safety: every method may be called from any thread. Do not call {@link #flush()}
 * or {@link #close()} from an effect or a batch: they do blocking I/O, which must not run
 * under the graph lock. The signal does not belong to the current owner: close it when
 * the application stops.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public interface PersistentSignal<T> extends Signal<T>, AutoCloseable {

	/**
	 * Returns the storage key of this signal.
	 * @return the key
	 */
	String key();

	/**
	 * Sets the initial value and removes the stored entry (the guide's settings
	 * {@code reset}), so that a later load gives the initial value of that time. The
	 * removal is ordered with the other writes like a write.
	 */
	void reset();

	/**
	 * Returns whether a change of this signal is not stored yet: it waits for the
	 * debounce or for a retry after a failed write, or its write is in flight. Never
	 * blocks on I/O.
	 * @return {@code true} while a change may still be lost by a hard kill
	 */
	boolean hasPendingWrite();

	/**
	 * Writes the pending change, if any, now, on the calling thread, after waiting for a
	 * write in flight. Blocks for the duration of the I/O.
	 * @throws PersistenceException if the write fails; the value stays pending and is
	 * retried with backoff, and the failure also went to the error listener
	 */
	void flush();

	/**
	 * Stops persisting: writes the pending change, if any, on the calling thread (once
	 * more, if earlier attempts failed), and stops listening to the signal. Later changes
	 * stay in memory only. Calling it again retries a final write that failed, and
	 * otherwise does nothing.
	 * @throws PersistenceException if the final write fails; the failure also went to the
	 * error listener, and the value is still in memory
	 */
	@Override
	void close();

}
