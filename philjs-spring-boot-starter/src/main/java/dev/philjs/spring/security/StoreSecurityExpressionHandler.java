package dev.philjs.spring.security;

import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.security.access.expression.AbstractSecurityExpressionHandler;
import org.springframework.security.access.expression.SecurityExpressionOperations;
import org.springframework.security.core.Authentication;

/**
 * Creates the evaluation contexts of {@code @Access} rules: a
 * {@link StoreSecurityExpressionRoot} with the handler's authorization manager factory
 * (role prefix, role hierarchy, trust resolver) and permission evaluator, bean references
 * ({@code @bean.method(..)}) when an application context is set, and the variables
 * {@code #store}, {@code #signal} (writes) and {@code #action} (calls).
 *
 * <p>
 * Thread safety: configure it before use; then every method may be called from any
 * thread.
 *
 * @since 0.1.0
 */
public class StoreSecurityExpressionHandler extends AbstractSecurityExpressionHandler<StoreAccessRequest> {

	@Override
	protected SecurityExpressionOperations createSecurityExpressionRoot(Authentication authentication,
			StoreAccessRequest request) {
		StoreSecurityExpressionRoot root = new StoreSecurityExpressionRoot(() -> authentication, request);
		root.setAuthorizationManagerFactory(getAuthorizationManagerFactory());
		root.setPermissionEvaluator(getPermissionEvaluator());
		return root;
	}

	@Override
	protected StandardEvaluationContext createEvaluationContextInternal(Authentication authentication,
			StoreAccessRequest request) {
		StandardEvaluationContext context = super.createEvaluationContextInternal(authentication, request);
		context.setVariable("store", request.store().name());
		switch (request.operation()) {
			case WRITE -> context.setVariable("signal", request.member());
			case CALL -> context.setVariable("action", request.member());
			case READ -> {
			}
		}
		return context;
	}

}
