package dev.philjs.spring.store;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Turns the bean definitions of session and request stores into prototypes, so that the
 * {@link StoreRegistry} can create one instance per session or request (and dispose it
 * with the scope) while application stores stay singletons.
 *
 * @since 0.1.0
 */
public class StoreScopePostProcessor implements BeanFactoryPostProcessor {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			StoreScope scope = scopeOf(definition);
			if (scope == StoreScope.SESSION || scope == StoreScope.REQUEST) {
				definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
				definition.setLazyInit(true);
			}
		}
	}

	private static @Nullable StoreScope scopeOf(BeanDefinition definition) {
		if (definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() == null) {
			Map<String, Object> attributes = annotated.getMetadata().getAnnotationAttributes(PhilStore.class.getName());
			return (attributes != null) ? (StoreScope) attributes.get("scope") : null;
		}
		Class<?> type = definition.getResolvableType().resolve();
		if (type == null) {
			return null;
		}
		PhilStore store = AnnotatedElementUtils.findMergedAnnotation(type, PhilStore.class);
		return (store != null) ? store.scope() : null;
	}

}
