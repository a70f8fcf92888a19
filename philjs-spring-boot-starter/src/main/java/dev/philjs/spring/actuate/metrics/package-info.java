/**
 * Micrometer meters for stores: instances, subscribers, conflated deliveries, writes and
 * action calls.
 */
@NullMarked
package dev.philjs.spring.actuate.metrics;

import org.jspecify.annotations.NullMarked;
