package dev.philjs.spring.client;

import tools.jackson.databind.JsonNode;

/**
 * The outcome of an action called on a remote store: what the action returned (a JSON
 * {@code null} for a {@code void} action) and the store's version right after it.
 *
 * @param result the action's return value as JSON, never Java {@code null}
 * @param version the store's version after the action
 * @since 0.1.0
 */
public record RemoteResult(JsonNode result, long version) {

}
