/**
 * Polling: {@link dev.philjs.core.poll.Poller}, which fetches a value at an interval on
 * an injectable scheduler, one fetch at a time, backing off on errors.
 */
@NullMarked
package dev.philjs.core.poll;

import org.jspecify.annotations.NullMarked;
