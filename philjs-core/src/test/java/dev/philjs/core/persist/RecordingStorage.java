package dev.philjs.core.persist;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link StateStorage} wrapper for tests: records every write attempt in order
 * ({@code key=value}, or {@code -key} for a removal, prefixed with {@code !} when it was
 * made to fail), counts reads, and fails writes on demand.
 */
final class RecordingStorage implements StateStorage {

	private final StateStorage delegate;

	private final List<String> attempts = new ArrayList<>();

	private final AtomicInteger gets = new AtomicInteger();

	private int failuresToInject;

	private Predicate<String> failingKeys = (key) -> false;

	private boolean failReads;

	RecordingStorage(StateStorage delegate) {
		this.delegate = delegate;
	}

	RecordingStorage() {
		this(new InMemoryStateStorage());
	}

	/** Makes the next {@code count} writes fail. */
	synchronized void failNextWrites(int count) {
		this.failuresToInject = count;
	}

	/** Makes every write of the matching keys fail until changed. */
	synchronized void failWritesOf(Predicate<String> keys) {
		this.failingKeys = keys;
	}

	synchronized void failReads(boolean fail) {
		this.failReads = fail;
	}

	/** Every write attempt so far, in order. */
	synchronized List<String> attempts() {
		return List.copyOf(this.attempts);
	}

	/** The successful writes so far, in order. */
	synchronized List<String> writes() {
		return this.attempts.stream().filter((a) -> !a.startsWith("!")).toList();
	}

	/**
	 * The successful writes of {@code key} so far, as values (or {@code -} for removals).
	 */
	synchronized List<String> writesOf(String key) {
		List<String> values = new ArrayList<>();
		for (String attempt : writes()) {
			if (attempt.equals("-" + key)) {
				values.add("-");
			}
			else if (attempt.startsWith(key + "=")) {
				values.add(attempt.substring(key.length() + 1));
			}
		}
		return values;
	}

	int gets() {
		return this.gets.get();
	}

	StateStorage delegate() {
		return this.delegate;
	}

	@Override
	public Optional<String> get(String key) {
		this.gets.incrementAndGet();
		synchronized (this) {
			if (this.failReads) {
				throw new StorageException("injected read failure", key, null);
			}
		}
		return this.delegate.get(key);
	}

	@Override
	public void set(String key, String value) {
		write(key + "=" + value, key, () -> this.delegate.set(key, value));
	}

	@Override
	public void remove(String key) {
		write("-" + key, key, () -> this.delegate.remove(key));
	}

	private void write(String attempt, String key, Runnable action) {
		synchronized (this) {
			if (this.failuresToInject > 0 || this.failingKeys.test(key)) {
				if (this.failuresToInject > 0) {
					this.failuresToInject--;
				}
				this.attempts.add("!" + attempt);
				throw new StorageException("injected write failure", key, null);
			}
			// recorded and performed under the monitor, so the record has the storage's
			// order
			this.attempts.add(attempt);
			action.run();
		}
	}

	@Override
	public Set<String> keys() {
		return this.delegate.keys();
	}

}
