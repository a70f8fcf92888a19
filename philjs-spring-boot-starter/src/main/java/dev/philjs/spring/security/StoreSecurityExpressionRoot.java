package dev.philjs.spring.security;

import java.util.function.Supplier;

import org.springframework.security.access.expression.SecurityExpressionRoot;
import org.springframework.security.core.Authentication;

/**
 * The root object of {@code @Access} rules: Spring Security's expression operations
 * ({@code hasRole}, {@code isAuthenticated}, {@code hasPermission}, ...) plus the store,
 * operation and member being accessed. One instance per evaluation; not thread safe.
 *
 * @since 0.1.0
 */
public final class StoreSecurityExpressionRoot extends SecurityExpressionRoot<StoreAccessRequest> {

	private final StoreAccessRequest request;

	/**
	 * Creates the root for one evaluation.
	 * @param authentication gives the caller's authentication
	 * @param request what the caller is trying to do
	 */
	public StoreSecurityExpressionRoot(Supplier<? extends Authentication> authentication, StoreAccessRequest request) {
		super(authentication, request);
		this.request = request;
	}

	/**
	 * Returns the name of the store being accessed ({@code store} in a rule).
	 * @return the store name
	 */
	public String getStore() {
		return this.request.store().name();
	}

	/**
	 * Returns what the caller is trying to do ({@code operation} in a rule).
	 * @return the operation
	 */
	public StoreAccessRequest.Operation getOperation() {
		return this.request.operation();
	}

}
