package dev.philjs.spring.security;

import java.security.Principal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.philjs.spring.store.Access;
import dev.philjs.spring.store.ActionDefinition;
import dev.philjs.spring.store.SignalDefinition;
import dev.philjs.spring.store.StoreAccessPolicy;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreDefinition;
import dev.philjs.spring.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.util.StringUtils;

/**
 * The access policy with Spring Security: evaluates the {@link Access} rules of stores as
 * Spring Security expressions against the caller's {@link Authentication}.
 *
 * <p>
 * Which rule applies: reads use the store's {@code read} rule; a signal write uses the
 * field's {@code write} rule, or else the store's; an action call uses the method's
 * {@code write} rule, or else the store's. No rule at either level allows the operation
 * (the declaration with {@code @Writable} or {@code @Action} is what opens it). A
 * {@code null} principal is evaluated as an {@link AnonymousAuthenticationToken}
 * ({@code isAnonymous()} true, {@code isAuthenticated()} false); a principal that is not
 * an {@code Authentication} counts as authenticated without authorities.
 *
 * <p>
 * A denied operation throws a {@link StoreException} of kind {@code UNAUTHORIZED} when
 * the caller is anonymous (or not authenticated), {@code FORBIDDEN} otherwise. Every rule
 * is parsed when the policy is created: a malformed rule, or a {@code read} rule on a
 * field or method (which would protect nothing), makes startup fail with a message naming
 * the store.
 *
 * <p>
 * Thread safety: immutable after construction; every method may be called from any
 * thread.
 *
 * @since 0.1.0
 */
public final class AccessRulePolicy implements StoreAccessPolicy {

	private final StoreSecurityExpressionHandler handler;

	private final AuthenticationTrustResolver trustResolver;

	private final Map<String, Expression> expressions = new HashMap<>();

	/**
	 * Creates the policy with a default expression handler (no bean references, no role
	 * hierarchy, denying {@code hasPermission}).
	 * @param stores every store of the application
	 * @throws IllegalStateException if a rule is malformed or misplaced
	 */
	public AccessRulePolicy(Collection<StoreDefinition> stores) {
		this(stores, new StoreSecurityExpressionHandler(), new AuthenticationTrustResolverImpl());
	}

	/**
	 * Creates the policy.
	 * @param stores every store of the application
	 * @param handler creates evaluation contexts (configure its role hierarchy,
	 * permission evaluator and application context before)
	 * @param trustResolver tells anonymous callers (401) from authenticated ones (403)
	 * @throws IllegalStateException if a rule is malformed or misplaced
	 */
	public AccessRulePolicy(Collection<StoreDefinition> stores, StoreSecurityExpressionHandler handler,
			AuthenticationTrustResolver trustResolver) {
		this.handler = handler;
		this.trustResolver = trustResolver;
		for (StoreDefinition store : stores) {
			parse(store, store.readRule(), "read rule of the store");
			parse(store, store.writeRule(), "write rule of the store");
			for (SignalDefinition signal : store.signals().values()) {
				checkNoReadRule(store, signal.field().getAnnotation(Access.class), "signal '" + signal.name() + "'");
				parse(store, signal.writeRule(), "write rule of signal '" + signal.name() + "'");
			}
			for (ActionDefinition action : store.actions().values()) {
				checkNoReadRule(store, action.method().getAnnotation(Access.class), "action '" + action.name() + "'");
				parse(store, action.writeRule(), "rule of action '" + action.name() + "'");
			}
		}
	}

	private void parse(StoreDefinition store, @Nullable String rule, String what) {
		if (rule == null || this.expressions.containsKey(rule)) {
			return;
		}
		try {
			this.expressions.put(rule, this.handler.getExpressionParser().parseExpression(rule));
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Store '" + store.name() + "' (" + store.type().getName()
					+ "): the @Access " + what + " '" + rule + "' is not a valid expression: " + ex.getMessage(), ex);
		}
	}

	private static void checkNoReadRule(StoreDefinition store, @Nullable Access access, String what) {
		if (access != null && StringUtils.hasText(access.read())) {
			throw new IllegalStateException("Store '" + store.name() + "' (" + store.type().getName() + "): @Access on "
					+ what + " declares a read rule, which would protect nothing: reads are guarded per store "
					+ "(put the rule on the store class, or the member in another store, or mark it @Hidden)");
		}
	}

	@Override
	public void checkRead(StoreDefinition store, StoreCaller caller) {
		check(store.readRule(), new StoreAccessRequest(store, StoreAccessRequest.Operation.READ, null), caller,
				"read store '" + store.name() + "'");
	}

	@Override
	public void checkWrite(StoreDefinition store, SignalDefinition signal, StoreCaller caller) {
		String rule = (signal.writeRule() != null) ? signal.writeRule() : store.writeRule();
		check(rule, new StoreAccessRequest(store, StoreAccessRequest.Operation.WRITE, signal.name()), caller,
				"write signal '" + signal.name() + "' of store '" + store.name() + "'");
	}

	@Override
	public void checkCall(StoreDefinition store, ActionDefinition action, StoreCaller caller) {
		String rule = (action.writeRule() != null) ? action.writeRule() : store.writeRule();
		check(rule, new StoreAccessRequest(store, StoreAccessRequest.Operation.CALL, action.name()), caller,
				"call action '" + action.name() + "' of store '" + store.name() + "'");
	}

	private void check(@Nullable String rule, StoreAccessRequest request, StoreCaller caller, String what) {
		if (rule == null) {
			return;
		}
		Expression expression = this.expressions.get(rule);
		if (expression == null) {
			throw new IllegalStateException("The @Access rule '" + rule + "' of store '" + request.store().name()
					+ "' was not parsed at startup (the store is not one this policy was created for)");
		}
		Authentication authentication = authentication(caller.principal());
		EvaluationContext context = this.handler.createEvaluationContext(authentication, request);
		Boolean allowed;
		try {
			allowed = expression.getValue(context, Boolean.class);
		}
		catch (EvaluationException ex) {
			throw new IllegalStateException(
					"Failed to evaluate the @Access rule '" + rule + "' of store '" + request.store().name() + "'", ex);
		}
		if (Boolean.TRUE.equals(allowed)) {
			return;
		}
		if (isAnonymous(authentication)) {
			throw new StoreException(StoreException.Kind.UNAUTHORIZED, "Authentication is required to " + what);
		}
		throw new StoreException(StoreException.Kind.FORBIDDEN, "Access denied to " + what);
	}

	private boolean isAnonymous(Authentication authentication) {
		return this.trustResolver.isAnonymous(authentication) || !authentication.isAuthenticated();
	}

	private static Authentication authentication(@Nullable Principal principal) {
		if (principal == null) {
			// a fresh token each time: tokens are mutable, and rules could reach them
			return new AnonymousAuthenticationToken("philjs", "anonymousUser",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		}
		if (principal instanceof Authentication authentication) {
			return authentication;
		}
		return UsernamePasswordAuthenticationToken.authenticated(principal, null, List.of());
	}

}
