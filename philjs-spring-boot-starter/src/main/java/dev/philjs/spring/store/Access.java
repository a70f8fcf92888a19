package dev.philjs.spring.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Access rules, as Spring Security SpEL expressions (for example
 * {@code "isAuthenticated()"} or {@code "hasRole('ADMIN')"}), evaluated against the
 * caller's authentication. On a store class, {@link #read()} guards snapshots and
 * subscriptions and {@link #write()} guards every writable signal and action; on a field
 * or method, {@link #write()} overrides the class rule for that signal or action. An
 * empty expression means no rule at that level. Without Spring Security, only empty rules
 * are allowed (the application fails to start otherwise).
 *
 * @since 0.1.0
 */
@Target({ ElementType.TYPE, ElementType.FIELD, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Access {

	/**
	 * Who may read the store (snapshot, SSE, WebSocket subscription).
	 * @return the SpEL expression, or empty
	 */
	String read() default "";

	/**
	 * Who may write signals and call actions.
	 * @return the SpEL expression, or empty
	 */
	String write() default "";

}
