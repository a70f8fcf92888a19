/**
 * Auto-configuration for PhilJS: one class per technology, registered in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
@NullMarked
package dev.philjs.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
