package dev.philjs.spring.validation;

import java.util.List;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsValidationAutoConfiguration;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.ActionDefinition;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreDefinition;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreIntrospector;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.store.StoreSnapshot;
import dev.philjs.spring.store.Writable;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bean Validation of action arguments and signal values with Hibernate Validator, through
 * {@link StoreService}, and the conditions of {@link PhilJsValidationAutoConfiguration}.
 */
class BeanValidationArgumentValidatorTests {

	private static final StoreCaller CALLER = new StoreCaller(null, StoreScopeKey.NONE);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
				PhilJsValidationAutoConfiguration.class, PhilJsAutoConfiguration.class))
		.withUserConfiguration(Stores.class);

	@Test
	void validArgumentsAreAccepted() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(BeanValidationArgumentValidator.class);
			call(context, "rename", "{\"name\":\"Ada\"}");
			call(context, "add", "{\"todo\":{\"title\":\"write docs\",\"priority\":2}}");
			TodoStore store = (TodoStore) instance(context).target();
			assertThat(store.name.get()).isEqualTo("Ada");
			assertThat(store.todos.get()).containsExactly(new Todo("write docs", 2));
		});
	}

	@Test
	void parameterConstraintViolationIsABadRequestNamingTheParameter() {
		this.runner.run((context) -> {
			StoreSnapshot before = instance(context).snapshot();
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> call(context, "rename", "{\"name\":\"much too long a name\"}"))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.BAD_REQUEST))
				.withMessage("Invalid arguments for action 'rename': parameter 'name' size must be between 1 and 10");
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> call(context, "rename", "[\" \"]"))
				.withMessageContaining("parameter 'name' must not be blank");
			assertThat(instance(context).snapshot()).isEqualTo(before);
		});
	}

	@Test
	void validArgumentIsCascadedAndEveryViolationNamed() {
		this.runner.run((context) -> {
			StoreSnapshot before = instance(context).snapshot();
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> call(context, "add", "{\"todo\":{\"title\":\"\",\"priority\":9}}"))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.BAD_REQUEST))
				.withMessage("Invalid arguments for action 'add': parameter 'todo.priority' must be less than or "
						+ "equal to 5; parameter 'todo.title' must not be blank");
			assertThat(instance(context).snapshot()).isEqualTo(before);
		});
	}

	/**
	 * Needs StoreIntrospector to resolve the value type of {@code Signal<Todo>} to
	 * {@code Todo} (today it is the type variable, so JSON becomes a Map).
	 */
	@Test
	void signalValueSetThroughTheServiceIsValidatedWithItsClassConstraints() {
		this.runner.run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			JsonMapper json = context.getBean(JsonMapper.class);
			StoreSnapshot before = instance(context).snapshot();
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.set("todos", "current", json.readTree("{\"title\":\" \",\"priority\":1}"),
						null, CALLER))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.BAD_REQUEST))
				.withMessage("Invalid value for signal 'current' of store 'todos': 'title' must not be blank");
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> service.set("todos", "todos",
						json.readTree("[{\"title\":\"ok\",\"priority\":1},{\"title\":\"x\",\"priority\":0}]"), null,
						CALLER))
				.withMessage("Invalid value for signal 'todos' of store 'todos': "
						+ "'[1].priority' must be greater than or equal to 1");
			assertThat(instance(context).snapshot()).isEqualTo(before);
			long version = service.set("todos", "current", json.readTree("{\"title\":\"fine\",\"priority\":3}"), null,
					CALLER);
			assertThat(version).isEqualTo(before.version() + 1);
			assertThat(((TodoStore) instance(context).target()).current.get()).isEqualTo(new Todo("fine", 3));
		});
	}

	@Test
	void signalValueViolationsAreNamedByPathAndSorted() {
		try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
			BeanValidationArgumentValidator validator = new BeanValidationArgumentValidator(factory.getValidator());
			StoreDefinition store = StoreIntrospector.describe(TodoStore.class, "todoStore");
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> validator.validateValue(store, store.signal("current"), new Todo(" ", 0)))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.BAD_REQUEST))
				.withMessage("Invalid value for signal 'current' of store 'todos': "
						+ "'priority' must be greater than or equal to 1; 'title' must not be blank");
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> validator.validateValue(store, store.signal("todos"),
						List.of(new Todo("ok", 1), new Todo("x", 6))))
				.withMessage("Invalid value for signal 'todos' of store 'todos': "
						+ "'[1].priority' must be less than or equal to 5");
			validator.validateValue(store, store.signal("todos"), List.of(new Todo("ok", 1)));
			validator.validateValue(store, store.signal("current"), null);
			validator.validateValue(store, store.signal("label"), "no constraints on String");
		}
	}

	@Test
	void valuesWithoutConstraintsAndNullsPass() {
		this.runner.run((context) -> {
			StoreService service = context.getBean(StoreService.class);
			JsonMapper json = context.getBean(JsonMapper.class);
			service.set("todos", "current", json.readTree("null"), null, CALLER);
			service.set("todos", "label", json.readTree("\"anything at all\""), null, CALLER);
			assertThat(((TodoStore) instance(context).target()).label.get()).isEqualTo("anything at all");
		});
	}

	@Test
	void withoutAValidatorBeanNothingIsValidated() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					PhilJsValidationAutoConfiguration.class, PhilJsAutoConfiguration.class))
			.withUserConfiguration(Stores.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(StoreService.ArgumentValidator.class);
				call(context, "rename", "{\"name\":\"much too long a name\"}");
				assertThat(((TodoStore) instance(context).target()).name.get()).isEqualTo("much too long a name");
			});
	}

	@Test
	void applicationArgumentValidatorMakesItBackOff() {
		this.runner.withUserConfiguration(OwnValidatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(StoreService.ArgumentValidator.class)
				.doesNotHaveBean(BeanValidationArgumentValidator.class);
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> call(context, "rename", "[\"Ada\"]"))
				.withMessage("own validator says no");
		});
	}

	private static void call(AssertableApplicationContext context, String action, String arguments) {
		JsonNode node = context.getBean(JsonMapper.class).readTree(arguments);
		context.getBean(StoreService.class).call("todos", action, node, null, CALLER);
	}

	private static StoreInstance instance(AssertableApplicationContext context) {
		return context.getBean(StoreService.class).open("todos", CALLER);
	}

	record Todo(@NotBlank String title, @Min(1) @Max(5) int priority) {
	}

	@Import(TodoStore.class)
	static class Stores {

	}

	@PhilStore("todos")
	static class TodoStore extends Store {

		final Signal<String> name = signal("name", "");

		@Writable
		final Signal<List<Todo>> todos = signal("todos", List.of());

		@Writable
		final Signal<@Nullable Todo> current = signal("current", null);

		@Writable
		final Signal<String> label = signal("label", "");

		@Action
		public void rename(@NotBlank @Size(min = 1, max = 10) String name) {
			this.name.set(name);
		}

		@Action
		public void add(@Valid Todo todo) {
			this.todos.update((list) -> {
				List<Todo> copy = new java.util.ArrayList<>(list);
				copy.add(todo);
				return List.copyOf(copy);
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnValidatorConfiguration {

		@Bean
		StoreService.ArgumentValidator ownValidator() {
			return new StoreService.ArgumentValidator() {
				@Override
				public void validateArguments(Object target, ActionDefinition action, @Nullable Object[] args) {
					throw new StoreException(StoreException.Kind.BAD_REQUEST, "own validator says no");
				}
			};
		}

	}

}
