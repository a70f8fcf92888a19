/**
 * Spring Security for stores: the {@link dev.philjs.spring.store.Access} rules evaluated
 * as Spring Security expressions against the caller's authentication.
 */
@NullMarked
package dev.philjs.spring.security;

import org.jspecify.annotations.NullMarked;
