package dev.philjs.spring.store;

import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What changed in one version of a store instance: the new values of the signals that
 * changed. Immutable, except for caches of its encoded and framed forms, which are
 * computed once and shared by every client it is sent to.
 *
 * @since 0.1.0
 */
public final class StoreChange {

	private final String store;

	private final long version;

	private final Map<String, Object> values;

	private volatile @Nullable Object encoded;

	private volatile byte @Nullable [] framed;

	private volatile @Nullable String framedText;

	StoreChange(String store, long version, Map<String, Object> values) {
		this.store = store;
		this.version = version;
		this.values = values;
	}

	/**
	 * Returns the store name.
	 * @return the name
	 */
	public String store() {
		return this.store;
	}

	/**
	 * Returns the version this change produced.
	 * @return the version
	 */
	public long version() {
		return this.version;
	}

	/**
	 * Returns the new values of the signals that changed, by name (unmodifiable).
	 * @return the values
	 */
	public Map<String, Object> values() {
		return this.values;
	}

	/**
	 * Returns this change encoded by {@code encoder}, computing it on first use only: all
	 * callers must pass the same encoder.
	 * @param <R> the encoded type
	 * @param encoder the encoder
	 * @return the encoded change
	 */
	@SuppressWarnings("unchecked")
	public <R> R encoded(Function<StoreChange, R> encoder) {
		Object result = this.encoded;
		if (result == null) {
			result = encoder.apply(this);
			this.encoded = result;
		}
		return (R) result;
	}

	/**
	 * Returns this change framed for one transport (the bytes of an SSE event, say),
	 * computing it on first use only, so that a change sent to many clients is framed
	 * once: all callers must pass the same framer. The array is shared: callers must not
	 * modify it.
	 * @param framer the framer
	 * @return the framed change
	 */
	public byte[] framed(Function<StoreChange, byte[]> framer) {
		byte[] result = this.framed;
		if (result == null) {
			result = framer.apply(this);
			this.framed = result;
		}
		return result;
	}

	/**
	 * Returns this change framed as text for one transport (a WebSocket text frame, say),
	 * computing it on first use only: all callers must pass the same framer.
	 * @param framer the framer
	 * @return the framed change
	 */
	public String framedText(Function<StoreChange, String> framer) {
		String result = this.framedText;
		if (result == null) {
			result = framer.apply(this);
			this.framedText = result;
		}
		return result;
	}

	@Override
	public String toString() {
		return "StoreChange[" + this.store + " v" + this.version + " " + this.values.keySet() + "]";
	}

}
