/**
 * JMH benchmarks of the reactive engine: the js-reactivity-benchmark shapes behind a
 * small {@link dev.philjs.benchmarks.Framework adapter}, with one implementation for
 * PhilJS and one for Vaadin signals, plus a footprint report and a contention benchmark.
 * See docs/benchmarks.md.
 */
@NullMarked
package dev.philjs.benchmarks;

import org.jspecify.annotations.NullMarked;
