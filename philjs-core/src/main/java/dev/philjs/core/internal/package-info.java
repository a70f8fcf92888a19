/**
 * The engine behind {@link dev.philjs.core.Reactive}. Not an API: these types may change
 * without notice.
 */
@NullMarked
package dev.philjs.core.internal;

import org.jspecify.annotations.NullMarked;
