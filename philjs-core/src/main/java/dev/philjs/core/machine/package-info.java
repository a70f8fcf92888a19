/**
 * Finite state machines: {@link dev.philjs.core.machine.StateMachine}, with states and
 * events as Java types, a transition table with guards and entry/exit actions, and the
 * current state as a signal.
 */
@NullMarked
package dev.philjs.core.machine;

import org.jspecify.annotations.NullMarked;
