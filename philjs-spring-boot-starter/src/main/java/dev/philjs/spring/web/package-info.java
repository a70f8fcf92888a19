/**
 * The HTTP API and the SSE streams of stores on Spring MVC: the request filter that
 * builds {@link dev.philjs.spring.store.StoreCaller}s, the routes, and the event streams
 * (see docs/protocol.md).
 */
@NullMarked
package dev.philjs.spring.web;

import org.jspecify.annotations.NullMarked;
