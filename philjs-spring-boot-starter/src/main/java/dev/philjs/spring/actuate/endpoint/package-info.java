/**
 * The {@code philjs} Actuator endpoint: stores, their live instances and subscribers.
 */
@NullMarked
package dev.philjs.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
