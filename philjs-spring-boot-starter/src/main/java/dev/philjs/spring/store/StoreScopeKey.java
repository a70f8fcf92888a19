package dev.philjs.spring.store;

import java.util.List;
import java.util.function.Supplier;

import dev.philjs.core.Context;
import org.jspecify.annotations.Nullable;

/**
 * Identifies the session and request a caller belongs to, for resolving session and
 * request stores.
 *
 * @param sessionId the HTTP session id, or {@code null}
 * @param requestId a unique id of the current request, or {@code null}
 * @param sessionContext the context values to bind for a session created now
 * @since 0.1.0
 */
public record StoreScopeKey(@Nullable String sessionId, @Nullable String requestId,
		Supplier<List<Context.Binding<?>>> sessionContext) {

	/** No session, no request: only application stores resolve. */
	public static final StoreScopeKey NONE = new StoreScopeKey(null, null, List::of);

}
