/**
 * Context values bound per request and per session:
 * {@link dev.philjs.spring.context.ContextResolver} beans say which
 * {@link dev.philjs.core.Context} gets which value, and code in stores reads it with
 * {@code useContext}.
 */
@NullMarked
package dev.philjs.spring.context;

import org.jspecify.annotations.NullMarked;
