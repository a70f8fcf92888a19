/**
 * Redis support of PhilJS for Spring, on Spring Data Redis: a
 * {@link dev.philjs.core.persist.StateStorage} whose values live in Redis strings, and a
 * {@link dev.philjs.core.sync.Channel} that carries the changes of shared stores between
 * instances through a Redis Stream.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.philjs.spring.data.redis;

import org.jspecify.annotations.NullMarked;
