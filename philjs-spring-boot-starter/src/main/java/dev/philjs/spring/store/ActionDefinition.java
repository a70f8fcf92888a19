package dev.philjs.spring.store;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An action a store exposes to clients.
 *
 * @param name the name clients use
 * @param method the method
 * @param parameters the method's parameters, in order
 * @param writeRule the SpEL rule of the method, or {@code null} for the store's write
 * rule
 * @since 0.1.0
 */
public record ActionDefinition(String name, Method method, List<Parameter> parameters, @Nullable String writeRule) {

}
