package dev.philjs.spring.store;

import java.util.Map;

/**
 * The state of a store instance at one version: every exposed signal's value.
 *
 * @param store the store name
 * @param version the version, increasing by one per change of any exposed signal
 * @param values the values by signal name, in declaration order (unmodifiable)
 * @since 0.1.0
 */
public record StoreSnapshot(String store, long version, Map<String, Object> values) {

}
