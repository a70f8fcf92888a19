/**
 * JSON for stores, on Jackson 3 (Spring Boot's {@code JsonMapper}).
 */
@NullMarked
package dev.philjs.spring.json;

import org.jspecify.annotations.NullMarked;
