package dev.philjs.spring.store;

import java.lang.reflect.Field;
import java.lang.reflect.Type;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * A signal or memo a store exposes to clients.
 *
 * @param name the name clients use (the field name)
 * @param field the field holding it
 * @param valueType the type of its value (the type argument of the field's type)
 * @param writable whether clients may set it
 * @param writeRule the SpEL write rule of the field, or {@code null} for the store's rule
 * @since 0.1.0
 */
public record SignalDefinition(String name, Field field, Type valueType, boolean writable, @Nullable String writeRule) {

	/**
	 * Reads the signal from a store instance.
	 * @param store the store
	 * @return the signal
	 */
	public ReadSignal<?> read(Object store) {
		try {
			Object value = this.field.get(store);
			if (value == null) {
				throw new IllegalStateException("Store field '" + this.field + "' is null");
			}
			return (ReadSignal<?>) value;
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot read store field '" + this.field + "'", ex);
		}
	}

	/**
	 * Reads the writable signal from a store instance.
	 * @param store the store
	 * @return the signal
	 */
	@SuppressWarnings("unchecked")
	public Signal<Object> writable(Object store) {
		if (!this.writable) {
			throw new IllegalStateException("Signal '" + this.name + "' is not writable");
		}
		return (Signal<Object>) read(store);
	}

}
