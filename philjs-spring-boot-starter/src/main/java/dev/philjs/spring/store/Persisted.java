package dev.philjs.spring.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a {@code Signal} field of a {@link PhilStore} beyond the life of its instance. In
 * an application store the value goes to the application's {@code StateStorage} (bean
 * chosen by {@code philjs.persistence.type}) under key {@code store/<store>/<signal>}
 * (JSON); in a session store it goes to the HTTP session, as attribute
 * {@code philjs:store/<store>/<signal>}, which needs Spring Session. The signal is loaded
 * when the store instance is created, and its later changes are written behind, debounced
 * by {@code philjs.persistence.debounce}, never on the writer's thread, retried while the
 * storage is down. Pending writes are flushed when the application stops (and when a
 * session store instance is disposed). A stored value that cannot be read as the signal's
 * value type is quarantined and the field's initial value kept.
 *
 * <p>
 * Startup fails if the field is not declared as a {@code Signal}, if the store is a
 * request store, if the signal's initial value is {@code null}, if there is no
 * {@code StateStorage} bean, or, for a session store, if there is no Spring Session
 * {@code SessionRepository}. The annotation may be combined with {@link Hidden} and
 * {@link Writable}.
 *
 * @since 0.1.0
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Persisted {

}
