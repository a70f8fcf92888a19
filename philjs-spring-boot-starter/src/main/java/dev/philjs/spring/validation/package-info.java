/**
 * Bean Validation of action arguments and signal values written by clients.
 */
@NullMarked
package dev.philjs.spring.validation;

import org.jspecify.annotations.NullMarked;
