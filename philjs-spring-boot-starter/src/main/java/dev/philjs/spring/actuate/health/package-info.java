/**
 * The {@code philjs} health indicator.
 */
@NullMarked
package dev.philjs.spring.actuate.health;

import org.jspecify.annotations.NullMarked;
