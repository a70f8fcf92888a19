package dev.philjs.core.persist;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads stored values once, at creation, and moves corrupt ones aside.
 */
final class Loader {

	private Loader() {
	}

	/**
	 * Reads the text under {@code key}.
	 * @return the text, or empty if there is none or the storage failed (reported)
	 */
	static Optional<String> read(String key, StateStorage storage, Reporter reporter) {
		try {
			return storage.get(key);
		}
		catch (StorageException ex) {
			reporter.report(ex);
		}
		catch (RuntimeException ex) {
			reporter.report(new StorageException("Cannot read '" + key + "'", key, ex));
		}
		return Optional.empty();
	}

	/**
	 * Decodes {@code text}; if that fails, keeps the text aside under a quarantine key,
	 * reports a {@link CorruptValueException} and returns empty.
	 */
	static <T> Optional<T> decode(String key, String text, Function<String, T> decoder, StateStorage storage,
			Clock clock, Reporter reporter) {
		try {
			return Optional.of(Objects.requireNonNull(decoder.apply(text), "decoding returned null"));
		}
		catch (RuntimeException ex) {
			reporter.report(new CorruptValueException(key, quarantine(key, text, storage, clock, ex), ex));
			return Optional.empty();
		}
	}

	/**
	 * Copies {@code text} to a fresh quarantine key, then removes it from {@code key} if
	 * it is still there unchanged (a valid value written meanwhile by someone else
	 * stays).
	 * @return the quarantine key, or {@code null} if the copy failed and the text was
	 * left under {@code key}
	 */
	private static @Nullable String quarantine(String key, String text, StateStorage storage, Clock clock,
			RuntimeException failure) {
		String base = Persistence.QUARANTINE_PREFIX + key + "@" + clock.millis();
		String quarantineKey;
		try {
			quarantineKey = base;
			for (int n = 1; storage.get(quarantineKey).isPresent(); n++) {
				quarantineKey = base + "-" + n;
			}
			storage.set(quarantineKey, text);
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
			return null;
		}
		try {
			if (storage.get(key).filter(text::equals).isPresent()) {
				storage.remove(key);
			}
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
		return quarantineKey;
	}

	/**
	 * Loads the value of a persistent signal: the merge of {@code initial} and the stored
	 * value, or {@code initial} if there is none or it cannot be used.
	 */
	static <T> T load(T initial, PersistOptions<T> options, Reporter reporter) {
		String key = options.key;
		Optional<String> text = read(key, options.storage, reporter);
		if (text.isEmpty()) {
			return initial;
		}
		Function<String, T> decodeAndMerge = (stored) -> options.merge.apply(initial, options.codec.decode(stored));
		return decode(key, text.get(), decodeAndMerge, options.storage, options.clock, reporter).orElse(initial);
	}

}
