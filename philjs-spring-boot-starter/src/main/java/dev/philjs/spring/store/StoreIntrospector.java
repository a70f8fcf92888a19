package dev.philjs.spring.store;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;
import dev.philjs.core.sync.Merge;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanInstantiationException;
import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Reads a store class into a {@link StoreDefinition}, failing fast (at startup) on a
 * declaration that cannot work: a {@link Writable} field that is not a {@link Signal},
 * two signals or actions with the same name, a name clients could not use.
 *
 * @since 0.1.0
 */
public final class StoreIntrospector {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

	private StoreIntrospector() {
	}

	/**
	 * Describes a store class.
	 * @param type the class annotated with {@link PhilStore}
	 * @param beanName the bean name
	 * @return the definition
	 * @throws IllegalStateException if the declaration is invalid
	 */
	public static StoreDefinition describe(Class<?> type, String beanName) {
		PhilStore annotation = AnnotatedElementUtils.findMergedAnnotation(type, PhilStore.class);
		if (annotation == null) {
			throw new IllegalStateException(type.getName() + " is not annotated with @PhilStore");
		}
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : beanName;
		checkName("store", name, type.getName());
		if (annotation.shared() && annotation.scope() != StoreScope.APPLICATION) {
			throw new IllegalStateException("Store '" + name + "' (" + type.getName()
					+ "): only application stores can be shared, this one is " + annotation.scope());
		}
		checkMerges(name, type, annotation.shared());
		Access access = AnnotatedElementUtils.findMergedAnnotation(type, Access.class);
		return new StoreDefinition(name, beanName, type, annotation.scope(), annotation.shared(), signals(name, type),
				actions(name, type), rule((access != null) ? access.read() : null),
				rule((access != null) ? access.write() : null));
	}

	private static Map<String, SignalDefinition> signals(String store, Class<?> type) {
		List<Class<?>> hierarchy = new ArrayList<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			hierarchy.add(c);
		}
		Collections.reverse(hierarchy);
		Map<String, SignalDefinition> signals = new LinkedHashMap<>();
		for (Class<?> c : hierarchy) {
			for (Field field : c.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
					continue;
				}
				boolean isSignal = ReadSignal.class.isAssignableFrom(field.getType());
				boolean writable = field.isAnnotationPresent(Writable.class);
				if (!isSignal) {
					if (writable) {
						throw new IllegalStateException("Store '" + store + "': @Writable field '" + field.getName()
								+ "' must be a Signal, is " + field.getType().getName());
					}
					continue;
				}
				if (field.isAnnotationPresent(Hidden.class)) {
					if (writable) {
						throw new IllegalStateException(
								"Store '" + store + "': field '" + field.getName() + "' is both @Hidden and @Writable");
					}
					continue;
				}
				if (writable && !Signal.class.isAssignableFrom(field.getType())) {
					throw new IllegalStateException("Store '" + store + "': @Writable field '" + field.getName()
							+ "' must be declared as a Signal, is " + field.getType().getSimpleName());
				}
				checkName("signal", field.getName(), type.getName());
				if (signals.containsKey(field.getName())) {
					throw new IllegalStateException(
							"Store '" + store + "': two signals are named '" + field.getName() + "'");
				}
				ReflectionUtils.makeAccessible(field);
				Type valueType = concrete(ResolvableType.forField(field, type).as(ReadSignal.class).getGeneric(0));
				Access access = field.getAnnotation(Access.class);
				signals.put(field.getName(), new SignalDefinition(field.getName(), field, valueType, writable,
						rule((access != null) ? access.write() : null)));
			}
		}
		return Collections.unmodifiableMap(signals);
	}

	/**
	 * Checks every {@link MergeWith}: on a {@code Signal} field of a shared store, naming
	 * a merge of the field's value type that can be created.
	 */
	private static void checkMerges(String store, Class<?> type, boolean shared) {
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			for (Field field : c.getDeclaredFields()) {
				MergeWith mergeWith = field.getAnnotation(MergeWith.class);
				if (mergeWith == null) {
					continue;
				}
				String what = "Store '" + store + "': @MergeWith on field '" + field.getName() + "'";
				if (!shared) {
					throw new IllegalStateException(
							what + ": only the signals of a shared store are merged (@PhilStore(shared = true))");
				}
				if (Modifier.isStatic(field.getModifiers()) || !Signal.class.isAssignableFrom(field.getType())) {
					throw new IllegalStateException(
							what + ": the field must be an instance field declared as a Signal");
				}
				ResolvableType valueType = ResolvableType.forField(field, type).as(ReadSignal.class).getGeneric(0);
				ResolvableType merged = ResolvableType.forClass(mergeWith.value()).as(Merge.class).getGeneric(0);
				if (merged.resolve() != null && valueType.resolve() != null && !merged.isAssignableFrom(valueType)) {
					throw new IllegalStateException(what + ": " + mergeWith.value().getName() + " merges " + merged
							+ ", the signal holds " + valueType);
				}
				newMerge(what, mergeWith.value());
			}
		}
	}

	/**
	 * Creates the merge of a {@link MergeWith}.
	 * @param what names the field in the message of the exception
	 * @param type the merge's class
	 * @return a new merge
	 * @throws IllegalStateException if it cannot be created
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static Merge<Object> newMerge(String what, Class<? extends Merge> type) {
		try {
			return BeanUtils.instantiateClass(type.getDeclaredConstructor());
		}
		catch (NoSuchMethodException | BeanInstantiationException ex) {
			throw new IllegalStateException(
					what + ": cannot create " + type.getName() + " (it needs a public no-argument constructor)", ex);
		}
	}

	private static Map<String, ActionDefinition> actions(String store, Class<?> type) {
		Map<String, ActionDefinition> actions = new LinkedHashMap<>();
		for (Method method : type.getMethods()) {
			Action action = AnnotatedElementUtils.findMergedAnnotation(method, Action.class);
			if (action == null || method.isBridge()) {
				continue;
			}
			if (Modifier.isStatic(method.getModifiers())) {
				throw new IllegalStateException(
						"Store '" + store + "': @Action method '" + method.getName() + "' must not be static");
			}
			String name = StringUtils.hasText(action.value()) ? action.value() : method.getName();
			checkName("action", name, type.getName());
			if (actions.containsKey(name)) {
				throw new IllegalStateException("Store '" + store + "': two actions are named '" + name
						+ "' (overloads cannot be told apart by clients)");
			}
			Access access = AnnotatedElementUtils.findMergedAnnotation(method, Access.class);
			actions.put(name, new ActionDefinition(name, method, List.of(method.getParameters()),
					rule((access != null) ? access.write() : null)));
		}
		return Collections.unmodifiableMap(actions);
	}

	/**
	 * Turns a resolvable type into a {@link Type} without type variables (they are
	 * replaced by what the store class binds them to, or their bound), so that JSON input
	 * converts to the declared value type.
	 */
	static Type concrete(ResolvableType type) {
		if (type.isArray()) {
			return ResolvableType.forArrayComponent(ResolvableType.forType(concrete(type.getComponentType())))
				.getType();
		}
		Class<?> raw = type.resolve(Object.class);
		if (!type.hasGenerics()) {
			return raw;
		}
		ResolvableType[] generics = type.getGenerics();
		ResolvableType[] arguments = new ResolvableType[generics.length];
		for (int i = 0; i < generics.length; i++) {
			arguments[i] = ResolvableType.forType(concrete(generics[i]));
		}
		return ResolvableType.forClassWithGenerics(raw, arguments).getType();
	}

	private static @Nullable String rule(@Nullable String expression) {
		return StringUtils.hasText(expression) ? expression : null;
	}

	private static void checkName(String what, String name, String owner) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalStateException("Invalid " + what + " name '" + name + "' in " + owner
					+ ": use 1-64 letters, digits, '-' or '_', starting with a letter or digit");
		}
	}

}
