package dev.philjs.spring.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets clients call a public method of a store with JSON arguments (by parameter name, or
 * by position from a JSON array). The method runs in one batch; its result is returned to
 * the client as JSON. Arguments are validated with Bean Validation when it is on the
 * classpath.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Action {

	/**
	 * The action name clients use; the method name by default.
	 * @return the name
	 */
	String value() default "";

}
