package dev.philjs.spring.autoconfigure;

import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.validation.BeanValidationArgumentValidator;
import jakarta.validation.Validator;
import jakarta.validation.executable.ExecutableValidator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Bean Validation for what clients write: action arguments and
 * signal values are validated with the application's {@link Validator} (see
 * {@link BeanValidationArgumentValidator}), unless the application declares its own
 * {@link StoreService.ArgumentValidator}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = PhilJsAutoConfiguration.class,
		afterName = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ConditionalOnClass(ExecutableValidator.class)
@ConditionalOnSingleCandidate(Validator.class)
public final class PhilJsValidationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(StoreService.ArgumentValidator.class)
	BeanValidationArgumentValidator philjsArgumentValidator(Validator validator) {
		return new BeanValidationArgumentValidator(validator);
	}

}
