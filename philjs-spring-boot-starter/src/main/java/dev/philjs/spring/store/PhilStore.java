package dev.philjs.spring.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Makes a class a PhilJS store bean: its signal and memo fields are exposed to clients by
 * field name (read-only unless annotated {@link Writable}; {@link Hidden} ones not at
 * all), and its {@link Action} methods can be called by clients.
 *
 * <p>
 * Application stores are singletons. Session stores are created on first use in an HTTP
 * session and disposed (with their effects) when the session ends; request stores live
 * for one request.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface PhilStore {

	/**
	 * The store name clients use, unique in the application: letters, digits, '-' and
	 * '_'.
	 * @return the name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * Alias for {@link #value()}.
	 * @return the name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * The scope of the store's instances.
	 * @return the scope
	 */
	StoreScope scope() default StoreScope.APPLICATION;

	/**
	 * Whether the store's state is shared between instances of the service: every field
	 * declared as a {@code Signal} is replicated through the sync channel
	 * ({@code philjs.sync.type=redis}, or a {@code Channel} bean of the application;
	 * without one the store stays local), concurrent writes converging to the greatest
	 * (version, instance id), or merged for fields with {@link MergeWith}; memos are
	 * derived on each instance. Only application stores can be shared.
	 * @return whether shared
	 */
	boolean shared() default false;

}
