package dev.philjs.spring.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.philjs.spring.store.ActionDefinition;
import dev.philjs.spring.store.SignalDefinition;
import dev.philjs.spring.store.StoreDefinition;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreService;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;

/**
 * Validates what clients send with Bean Validation, before anything is written.
 *
 * <p>
 * Action arguments: the constraints on the action method's parameters (and, with
 * {@code @Valid}, the constraints of the argument objects), through the
 * {@link jakarta.validation.executable.ExecutableValidator}. Signal values: the
 * constraints of the value's class (for example a record with {@code @NotBlank}
 * components), and of the elements of a collection or the values of a map. Violations
 * become one {@link StoreException} of kind {@code BAD_REQUEST} whose message names every
 * offending parameter or property with its violation.
 *
 * <p>
 * Thread safety: as thread safe as the {@link Validator} (Bean Validation validators
 * are).
 *
 * @since 0.1.0
 */
public final class BeanValidationArgumentValidator implements StoreService.ArgumentValidator {

	private final Validator validator;

	/**
	 * Creates the validator.
	 * @param validator the application's Bean Validation validator
	 */
	public BeanValidationArgumentValidator(Validator validator) {
		this.validator = validator;
	}

	@Override
	public void validateArguments(Object target, ActionDefinition action, @Nullable Object[] args) {
		Set<ConstraintViolation<Object>> violations = this.validator.forExecutables()
			.validateParameters(target, action.method(), args);
		if (violations.isEmpty()) {
			return;
		}
		List<String> problems = new ArrayList<>();
		for (ConstraintViolation<Object> violation : violations) {
			problems.add(
					"parameter '" + parameterPath(action, violation.getPropertyPath()) + "' " + violation.getMessage());
		}
		throw invalid("Invalid arguments for action '" + action.name() + "'", problems);
	}

	@Override
	public void validateValue(StoreDefinition store, SignalDefinition signal, @Nullable Object value) {
		List<String> problems = new ArrayList<>();
		collect(value, "", problems);
		if (!problems.isEmpty()) {
			throw invalid("Invalid value for signal '" + signal.name() + "' of store '" + store.name() + "'", problems);
		}
	}

	private void collect(@Nullable Object value, String prefix, List<String> problems) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int index = 0;
			for (Object element : collection) {
				collect(element, prefix + "[" + index++ + "]", problems);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				collect(entry.getValue(), prefix + "[" + entry.getKey() + "]", problems);
			}
			return;
		}
		if (!this.validator.getConstraintsForClass(value.getClass()).isBeanConstrained()) {
			return;
		}
		for (ConstraintViolation<Object> violation : this.validator.validate(value)) {
			String property = violation.getPropertyPath().toString();
			String path = prefix + ((!prefix.isEmpty() && !property.isEmpty()) ? "." : "") + property;
			problems.add(path.isEmpty() ? violation.getMessage() : "'" + path + "' " + violation.getMessage());
		}
	}

	/**
	 * The path of a parameter violation without the method node, with the parameter's own
	 * name (as clients send it) rather than the validator's name for it.
	 */
	private static String parameterPath(ActionDefinition action, Path path) {
		StringBuilder result = new StringBuilder();
		for (Path.Node node : path) {
			if (node.getKind() == ElementKind.METHOD) {
				continue;
			}
			if (node.getKind() == ElementKind.PARAMETER) {
				int index = node.as(Path.ParameterNode.class).getParameterIndex();
				result.append(action.parameters().get(index).getName());
				continue;
			}
			if (node.getKind() == ElementKind.CROSS_PARAMETER) {
				result.append("<cross-parameter>");
				continue;
			}
			if (node.isInIterable()) {
				result.append('[');
				if (node.getIndex() != null) {
					result.append(node.getIndex());
				}
				else if (node.getKey() != null) {
					result.append(node.getKey());
				}
				result.append(']');
			}
			if (node.getName() != null) {
				result.append('.').append(node.getName());
			}
		}
		return result.toString();
	}

	private static StoreException invalid(String what, List<String> problems) {
		problems.sort(Comparator.naturalOrder());
		return new StoreException(StoreException.Kind.BAD_REQUEST, what + ": " + String.join("; ", problems));
	}

}
