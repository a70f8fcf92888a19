package dev.philjs.spring.autoconfigure;

import dev.philjs.spring.security.AccessRulePolicy;
import dev.philjs.spring.security.StoreSecurityExpressionHandler;
import dev.philjs.spring.store.StoreAccessPolicy;
import dev.philjs.spring.store.StoreRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.PermissionEvaluator;
import org.springframework.security.access.expression.SecurityExpressionRoot;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;

/**
 * Auto-configuration of store security with Spring Security: the {@link AccessRulePolicy}
 * that evaluates {@code @Access} rules, unless the application declares its own
 * {@link StoreAccessPolicy}. Runs before {@link PhilJsAutoConfiguration}, whose rule-less
 * fallback policy then backs off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = PhilJsAutoConfiguration.class)
@ConditionalOnClass(SecurityExpressionRoot.class)
public final class PhilJsSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(StoreAccessPolicy.class)
	AccessRulePolicy philjsAccessRulePolicy(StoreRegistry registry, ApplicationContext applicationContext,
			ObjectProvider<RoleHierarchy> roleHierarchy, ObjectProvider<PermissionEvaluator> permissionEvaluator) {
		StoreSecurityExpressionHandler handler = new StoreSecurityExpressionHandler();
		handler.setApplicationContext(applicationContext);
		roleHierarchy.ifUnique(handler::setRoleHierarchy);
		permissionEvaluator.ifUnique(handler::setPermissionEvaluator);
		return new AccessRulePolicy(registry.definitions().values(), handler, new AuthenticationTrustResolverImpl());
	}

}
