package dev.philjs.spring.store;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * Who is asking, and from which session and request.
 *
 * @param principal the authenticated principal (with Spring Security, an
 * {@code Authentication}), or {@code null} for an anonymous caller
 * @param scope the caller's session and request, to resolve session and request stores
 * @since 0.1.0
 */
public record StoreCaller(@Nullable Principal principal, StoreScopeKey scope) {

	/** An anonymous caller without session or request. */
	public static final StoreCaller ANONYMOUS = new StoreCaller(null, StoreScopeKey.NONE);

}
