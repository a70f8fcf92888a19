package dev.philjs.spring.store;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.philjs.core.sync.Merge;

/**
 * Merges the concurrent writes of a replicated signal instead of letting the last writer
 * win: on a {@code Signal} field of a shared store ({@code @PhilStore(shared = true)}),
 * names the {@link Merge} that joins the value of this instance with a change from
 * another one. Two instances that append to a list at the same moment then both keep both
 * entries.
 *
 * <p>
 * The merge must be a join (commutative, associative, idempotent; see {@link Merge}),
 * have a public no-argument constructor, and merge the field's value type. A field of a
 * store that is not shared, or a memo, fails startup, as does a merge of another type.
 *
 * @since 0.1.0
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MergeWith {

	/**
	 * The merge.
	 * @return the merge's class
	 */
	@SuppressWarnings("rawtypes")
	Class<? extends Merge> value();

}
