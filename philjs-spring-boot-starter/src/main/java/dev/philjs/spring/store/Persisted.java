package dev.philjs.spring.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a {@code Signal} field of an application {@link PhilStore} in the application's
 * {@code StateStorage} (bean chosen by {@code philjs.persistence.type}): the signal is
 * loaded from key {@code store/<store>/<signal>} (JSON) when the store instance is
 * created, and its later changes are written behind, debounced by
 * {@code philjs.persistence.debounce}, never on the writer's thread. Pending writes are
 * flushed when the application stops. A stored value that cannot be read as the signal's
 * value type is quarantined and the field's initial value kept.
 *
 * <p>
 * Startup fails if the field is not declared as a {@code Signal}, if the store is not an
 * application store, if the signal's initial value is {@code null}, or if there is no
 * {@code StateStorage} bean. The annotation may be combined with {@link Hidden} and
 * {@link Writable}.
 *
 * @since 0.1.0
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Persisted {

}
