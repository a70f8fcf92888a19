package dev.philjs.spring.store;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;

import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * A {@link Persisted} field of a store class: its name, field and value type.
 *
 * @param name the signal name (the field name), part of the storage key
 * @param field the field, made accessible
 * @param valueType the type of the signal's value, without type variables
 * @since 0.1.0
 */
record PersistedSignal(String name, Field field, Type valueType) {

	/**
	 * Finds and checks the {@link Persisted} fields of a store class (superclasses
	 * first).
	 * @throws IllegalStateException if one is not a {@code Signal} field or the store is
	 * a request store
	 */
	static List<PersistedSignal> find(String store, Class<?> type, StoreScope scope) {
		List<Class<?>> hierarchy = new ArrayList<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			hierarchy.add(c);
		}
		Collections.reverse(hierarchy);
		List<PersistedSignal> found = new ArrayList<>();
		for (Class<?> c : hierarchy) {
			for (Field field : c.getDeclaredFields()) {
				if (!field.isAnnotationPresent(Persisted.class)) {
					continue;
				}
				String where = "Store '" + store + "' (" + type.getName() + "): @Persisted field '" + field.getName()
						+ "'";
				if (Modifier.isStatic(field.getModifiers()) || !Signal.class.isAssignableFrom(field.getType())) {
					throw new IllegalStateException(where + " must be an instance field declared as a Signal, is "
							+ (Modifier.isStatic(field.getModifiers()) ? "static " : "") + field.getType().getName());
				}
				if (scope == StoreScope.REQUEST) {
					throw new IllegalStateException(where
							+ ": only application and session stores can persist signals, this one is request scoped");
				}
				ReflectionUtils.makeAccessible(field);
				Type valueType = StoreIntrospector
					.concrete(ResolvableType.forField(field, type).as(ReadSignal.class).getGeneric(0));
				found.add(new PersistedSignal(field.getName(), field, valueType));
			}
		}
		return List.copyOf(found);
	}

	@SuppressWarnings("unchecked")
	Signal<Object> read(Object store) {
		Object value = ReflectionUtils.getField(this.field, store);
		if (value == null) {
			throw new IllegalStateException("@Persisted field '" + this.field + "' is null");
		}
		return (Signal<Object>) value;
	}

}
