package dev.philjs.spring.security;

import java.security.Principal;
import java.util.List;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsSecurityAutoConfiguration;
import dev.philjs.spring.store.Access;
import dev.philjs.spring.store.ActionDefinition;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.RulelessAccessPolicy;
import dev.philjs.spring.store.SignalDefinition;
import dev.philjs.spring.store.StoreAccessPolicy;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreDefinition;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.store.Writable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.expression.SecurityExpressionRoot;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link PhilJsSecurityAutoConfiguration}: when the rule policy applies, when it backs
 * off, startup failures on bad rules, and how callers and rules are evaluated.
 */
class PhilJsSecurityAutoConfigurationTests {

	private static final StoreScopeKey SCOPE = new StoreScopeKey(() -> "s1", "r1", List::of);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(JacksonAutoConfiguration.class, PhilJsSecurityAutoConfiguration.class, PhilJsAutoConfiguration.class));

	/** The version of an application store now: a successful write returns it. */
	private static long currentVersion(org.springframework.context.ApplicationContext context, String store) {
		return context.getBean(dev.philjs.spring.store.StoreRegistry.class)
			.instance(store, dev.philjs.spring.store.StoreScopeKey.NONE)
			.version();
	}

	@Test
	void rulePolicyReplacesTheRulelessFallbackWhenSpringSecurityIsPresent() {
		this.runner.withUserConfiguration(NotesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(StoreAccessPolicy.class);
			assertThat(context.getBean(StoreAccessPolicy.class)).isInstanceOf(AccessRulePolicy.class);
			assertThat(context.getBean(StoreService.class).list(caller(null)))
				.as("the read rule hides the store from anonymous callers")
				.isEmpty();
			assertThat(context.getBean(StoreService.class).list(caller(user("bob", "ROLE_USER"))))
				.extracting(StoreDefinition::name)
				.containsExactly("notes");
		});
	}

	@Test
	void applicationAccessPolicyBeanMakesTheRulePolicyBackOff() {
		this.runner.withUserConfiguration(NotesConfiguration.class, DenyWritesPolicyConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(StoreAccessPolicy.class).doesNotHaveBean(AccessRulePolicy.class);
				assertThat(context.getBean(StoreAccessPolicy.class)).isInstanceOf(DenyWrites.class);
				StoreService service = context.getBean(StoreService.class);
				StoreCaller admin = caller(user("root", "ROLE_USER", "ROLE_ADMIN"));
				assertThatExceptionOfType(StoreException.class)
					.isThrownBy(
							() -> service.set("notes", "text", JsonNodeFactory.instance.stringNode("x"), null, admin))
					.satisfies((ex) -> assertThat(ex.getMessage()).isEqualTo("no writes today"));
			});
	}

	@Test
	void withoutSpringSecurityTheRulelessPolicyApplies() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityExpressionRoot.class))
			.withUserConfiguration(PlainConfiguration.class)
			.run((context) -> assertThat(context.getBean(StoreAccessPolicy.class))
				.isInstanceOf(RulelessAccessPolicy.class));
	}

	@Test
	void withoutSpringSecurityStoresWithRulesFailStartup() {
		this.runner.withClassLoader(new FilteredClassLoader(SecurityExpressionRoot.class))
			.withUserConfiguration(NotesConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Store 'notes' declares @Access rules"));
	}

	@Test
	void malformedRuleFailsStartupNamingTheStore() {
		this.runner.withUserConfiguration(MalformedConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Store 'broken'")
				.hasMessageContaining("hasRole('ADMIN'"));
		assertThatIllegalStateException()
			.isThrownBy(() -> new AccessRulePolicy(
					List.of(dev.philjs.spring.store.StoreIntrospector.describe(MalformedStore.class, "b"))))
			.withMessageContaining("Store 'broken'")
			.withMessageContaining("write rule of signal 'text'");
	}

	@Test
	void readRuleOnASignalFailsStartupBecauseItWouldProtectNothing() {
		this.runner.withUserConfiguration(FieldReadRuleConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Store 'leaky'")
				.hasMessageContaining("signal 'secret' declares a read rule"));
	}

	@Test
	void principalThatIsNotAnAuthenticationIsAuthenticatedWithoutAuthorities() {
		this.runner.withUserConfiguration(NotesConfiguration.class, OwnedConfiguration.class).run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			Principal container = () -> "owner";
			assertThat(service.set("owned", "title", JsonNodeFactory.instance.stringNode("x"), null, caller(container)))
				.as("a bean rule sees its name")
				.isEqualTo(currentVersion(context, "owned"));
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> service.open("notes", caller(container)))
				.as("authenticated (403, not 401) but without roles")
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.FORBIDDEN));
		});
	}

	@Test
	void unauthenticatedTokenIsRefusedAsAnonymous() {
		this.runner.withUserConfiguration(NotesConfiguration.class).run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			Authentication unauthenticated = UsernamePasswordAuthenticationToken.unauthenticated("bob", "secret");
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.open("notes", caller(unauthenticated)))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.UNAUTHORIZED));
		});
	}

	@Test
	void deniedMessageNamesTheOperationButNotTheRule() {
		this.runner.withUserConfiguration(NotesConfiguration.class).run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.set("notes", "text", JsonNodeFactory.instance.stringNode("x"), null,
						caller(user("bob", "ROLE_USER"))))
				.withMessage("Access denied to write signal 'text' of store 'notes'")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("hasRole"));
		});
	}

	@Test
	void roleHierarchyBeanIsUsedByRules() {
		this.runner.withUserConfiguration(NotesConfiguration.class).run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.open("notes", caller(user("root", "ROLE_ADMIN"))))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.FORBIDDEN));
		});
		this.runner.withUserConfiguration(NotesConfiguration.class, RoleHierarchyConfiguration.class).run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			StoreCaller root = caller(user("root", "ROLE_ADMIN"));
			assertThat(service.open("notes", root).definition().name()).isEqualTo("notes");
			assertThat(service.set("notes", "text", JsonNodeFactory.instance.stringNode("x"), null, root))
				.isEqualTo(currentVersion(context, "notes"));
		});
	}

	@Test
	void rulesCanCallBeans() {
		this.runner.withUserConfiguration(OwnedConfiguration.class).run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			JsonNodeFactory json = JsonNodeFactory.instance;
			assertThat(service.set("owned", "title", json.stringNode("mine"), null, caller(user("owner"))))
				.isEqualTo(currentVersion(context, "owned"));
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.set("owned", "title", json.stringNode("theirs"), null, caller(user("eve"))))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.FORBIDDEN));
			assertThat(context.getBean(OwnerRules.class).checked).containsExactly("owned.title", "owned.title");
		});
	}

	@Test
	void ruleThatFailsToEvaluateIsAServerErrorNotADecision() {
		this.runner.withUserConfiguration(UnknownFunctionConfiguration.class).run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			assertThatIllegalStateException().isThrownBy(() -> service.open("typo", caller(user("bob"))))
				.withMessageContaining("Failed to evaluate the @Access rule 'hasRol('USER')' of store 'typo'");
		});
	}

	private static StoreCaller caller(Principal principal) {
		return new StoreCaller(principal, SCOPE);
	}

	private static Authentication user(String name, String... authorities) {
		return UsernamePasswordAuthenticationToken.authenticated(name, null,
				AuthorityUtils.createAuthorityList(authorities));
	}

	@Import(NotesStore.class)
	static class NotesConfiguration {

	}

	@PhilStore("notes")
	@Access(read = "hasRole('USER')", write = "hasRole('ADMIN')")
	static class NotesStore extends Store {

		@Writable
		final Signal<String> text = signal("text", "");

	}

	@Configuration(proxyBeanMethods = false)
	static class DenyWritesPolicyConfiguration {

		@Bean
		DenyWrites denyWrites() {
			return new DenyWrites();
		}

	}

	static class DenyWrites implements StoreAccessPolicy {

		@Override
		public void checkRead(StoreDefinition store, StoreCaller caller) {
		}

		@Override
		public void checkWrite(StoreDefinition store, SignalDefinition signal, StoreCaller caller) {
			throw new StoreException(StoreException.Kind.FORBIDDEN, "no writes today");
		}

		@Override
		public void checkCall(StoreDefinition store, ActionDefinition action, StoreCaller caller) {
			throw new StoreException(StoreException.Kind.FORBIDDEN, "no calls today");
		}

	}

	@Import(PlainStore.class)
	static class PlainConfiguration {

	}

	@PhilStore(name = "plain", scope = StoreScope.SESSION)
	static class PlainStore extends Store {

		@Writable
		final Signal<String> text = signal("text", "");

	}

	@Import(MalformedStore.class)
	static class MalformedConfiguration {

	}

	@PhilStore("broken")
	static class MalformedStore extends Store {

		@Writable
		@Access(write = "hasRole('ADMIN'")
		final Signal<String> text = signal("text", "");

	}

	@Import(FieldReadRuleStore.class)
	static class FieldReadRuleConfiguration {

	}

	@PhilStore("leaky")
	static class FieldReadRuleStore extends Store {

		@Access(read = "hasRole('ADMIN')")
		final Signal<String> secret = signal("secret", "");

	}

	@Configuration(proxyBeanMethods = false)
	static class RoleHierarchyConfiguration {

		@Bean
		RoleHierarchy roleHierarchy() {
			return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_USER");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(OwnedStore.class)
	static class OwnedConfiguration {

		@Bean
		OwnerRules ownerRules() {
			return new OwnerRules();
		}

	}

	/** A rule bean: only "owner" may write, and it records what it was asked. */
	static class OwnerRules {

		final List<String> checked = new java.util.concurrent.CopyOnWriteArrayList<>();

		public boolean mayWrite(Authentication authentication, String store, String signal) {
			this.checked.add(store + "." + signal);
			return "owner".equals(authentication.getName());
		}

	}

	@PhilStore("owned")
	@Access(write = "@ownerRules.mayWrite(authentication, #store, #signal)")
	static class OwnedStore extends Store {

		@Writable
		final Signal<String> title = signal("title", "");

	}

	@Import(UnknownFunctionStore.class)
	static class UnknownFunctionConfiguration {

	}

	@PhilStore("typo")
	@Access(read = "hasRol('USER')")
	static class UnknownFunctionStore extends Store {

		final Signal<String> text = signal("text", "");

	}

}
