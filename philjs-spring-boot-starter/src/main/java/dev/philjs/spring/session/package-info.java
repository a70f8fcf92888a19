/**
 * Session stores on Spring Session: their persisted signals kept as session attributes,
 * and the local life of their instances.
 */
@NullMarked
package dev.philjs.spring.session;

import org.jspecify.annotations.NullMarked;
