package dev.philjs.core.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.jspecify.annotations.Nullable;

/**
 * A finite state machine whose states and events are Java types (enums, or sealed
 * interfaces of records that carry data), driven by a transition table (the guide's
 * "Finite State Machine").
 *
 * <p>
 * {@link #send(Object)} looks for the first transition, in the order they were declared,
 * whose source matches the current state, whose event matches, and whose guard accepts;
 * if there is one, it runs the exit actions of the current state, sets the state to what
 * the transition's target function computes, runs the entry actions of the new state, and
 * returns {@code true}; otherwise it changes nothing and returns {@code false}. A
 * self-transition (target equal to the current state) runs the exit and entry actions
 * too.
 *
 * <p>
 * Thread safety: every method may be called from any thread. A {@code send} is atomic: it
 * runs as one {@link Reactive#batch(Runnable) batch}, holding the graph lock, so two
 * threads never both transition from the same state, and observers of {@link #state()}
 * see the new state together with the writes made by its entry actions (a send made
 * inside another batch, or from an entry action, is seen together with it). Guards,
 * target functions and actions therefore run under the graph lock: keep them short and
 * never block in them (start asynchronous work and {@code send} its outcome later). An
 * entry action may {@code send} at once: the event is processed on top of the transition
 * that is finishing, whose state is already current. Guards, targets and exit actions
 * must not send.
 *
 * <p>
 * Exceptions: an exception from a guard, a target function or an exit action leaves the
 * state unchanged and propagates from {@code send}; one from an entry action propagates
 * after the state has changed.
 *
 * @param <S> the type of the states
 * @param <E> the type of the events
 * @since 0.1.0
 */
public final class StateMachine<S, E> {

	private final Signal<S> state;

	private final ReadSignal<S> readOnlyState;

	private final List<Transition<S, E>> transitions;

	private final List<Action<S, E>> entries;

	private final List<Action<S, E>> exits;

	private final String name;

	/** Guarded by the graph lock: true while guards, targets and exit actions run. */
	private boolean choosing;

	private StateMachine(Builder<S, E> builder, S initial) {
		this.name = "StateMachine<" + builder.stateType.getSimpleName() + ", " + builder.eventType.getSimpleName()
				+ ">";
		this.state = Reactive.named(this.name).signal(initial);
		this.readOnlyState = this.state.asReadOnly();
		this.transitions = List.copyOf(builder.transitions);
		this.entries = List.copyOf(builder.entries);
		this.exits = List.copyOf(builder.exits);
	}

	/**
	 * Starts a transition table for states of type {@code stateType} and events of type
	 * {@code eventType}.
	 * @param <S> the type of the states
	 * @param <E> the type of the events
	 * @param stateType the state type, usually a sealed interface or an enum
	 * @param eventType the event type, usually a sealed interface or an enum
	 * @return the builder
	 * @throws NullPointerException if an argument is {@code null}
	 */
	public static <S, E> Builder<S, E> builder(Class<S> stateType, Class<E> eventType) {
		Objects.requireNonNull(stateType, "stateType must not be null");
		Objects.requireNonNull(eventType, "eventType must not be null");
		return new Builder<>(stateType, eventType);
	}

	/**
	 * Returns the current state.
	 * @return a read-only signal
	 */
	public ReadSignal<S> state() {
		return this.readOnlyState;
	}

	/**
	 * Sends an event: takes the first matching transition whose guard accepts, if any.
	 * @param event the event
	 * @return {@code true} if a transition was taken, {@code false} if the event was
	 * ignored (nothing changed)
	 * @throws NullPointerException if {@code event} is {@code null}, or a target function
	 * returned {@code null}
	 * @throws IllegalStateException if called from a guard, a target function or an exit
	 * action of this machine
	 */
	public boolean send(E event) {
		Objects.requireNonNull(event, "event must not be null");
		return Reactive.batch(() -> {
			if (this.choosing) {
				throw new IllegalStateException(
						"send(" + event + ") called from a guard, a target or an exit action of " + this.name
								+ "; send from an entry action instead");
			}
			S current = this.state.peek();
			S next;
			this.choosing = true;
			try {
				Transition<S, E> transition = find(current, event);
				if (transition == null) {
					return false;
				}
				next = Objects.requireNonNull(transition.target.apply(current, event),
						() -> "target of " + transition.description + " returned null");
				run(this.exits, current);
			}
			finally {
				this.choosing = false;
			}
			this.state.set(next);
			run(this.entries, next);
			return true;
		});
	}

	/**
	 * Tells whether {@link #send(Object)} would take a transition for {@code event} now.
	 * Reads the state with {@link ReadSignal#get()}, so a memo or an effect calling this
	 * is re-run when the state changes (for example to enable a "Retry" button).
	 * @param event the event
	 * @return whether a transition matches and its guard accepts
	 * @throws NullPointerException if {@code event} is {@code null}
	 */
	public boolean accepts(E event) {
		Objects.requireNonNull(event, "event must not be null");
		return find(this.state.get(), event) != null;
	}

	private @Nullable Transition<S, E> find(S current, E event) {
		for (Transition<S, E> transition : this.transitions) {
			if (transition.from.test(current) && transition.on.test(event) && transition.guard.test(current, event)) {
				return transition;
			}
		}
		return null;
	}

	private void run(List<Action<S, E>> actions, S target) {
		for (Action<S, E> action : actions) {
			if (action.matches.test(target)) {
				action.body.accept(target, this);
			}
		}
	}

	@Override
	public String toString() {
		return this.name + "[" + this.state.peek() + "]";
	}

	private record Transition<S, E>(Predicate<S> from, Predicate<E> on, BiPredicate<S, E> guard,
			BiFunction<S, E, S> target, String description) {
	}

	private record Action<S, E>(Predicate<S> matches, BiConsumer<S, StateMachine<S, E>> body) {
	}

	/**
	 * Builds the transition table of a {@link StateMachine}. Transitions are tried in the
	 * order they are declared. Not thread-safe: build on one thread; the machines built
	 * do not share any state with it.
	 *
	 * @param <S> the type of the states
	 * @param <E> the type of the events
	 * @since 0.1.0
	 */
	public static final class Builder<S, E> {

		private final Class<S> stateType;

		private final Class<E> eventType;

		private final List<Transition<S, E>> transitions = new ArrayList<>();

		private final List<Action<S, E>> entries = new ArrayList<>();

		private final List<Action<S, E>> exits = new ArrayList<>();

		private Builder(Class<S> stateType, Class<E> eventType) {
			this.stateType = stateType;
			this.eventType = eventType;
		}

		/**
		 * Starts a transition from any state of type {@code type}.
		 * @param <F> the type of the source states
		 * @param type a state type, for example a record of a sealed interface
		 * @return the next step: the event
		 * @throws NullPointerException if {@code type} is {@code null}
		 */
		public <F extends S> From<S, E, F> from(Class<F> type) {
			Objects.requireNonNull(type, "type must not be null");
			return new From<>(this, type::isInstance, type::cast, type.getSimpleName());
		}

		/**
		 * Starts a transition from the state equal to {@code state} (an enum constant,
		 * say).
		 * @param state the source state
		 * @return the next step: the event
		 * @throws NullPointerException if {@code state} is {@code null}
		 */
		public From<S, E, S> from(S state) {
			Objects.requireNonNull(state, "state must not be null");
			return new From<>(this, state::equals, Function.identity(), String.valueOf(state));
		}

		/**
		 * Starts a transition from any state.
		 * @return the next step: the event
		 */
		public From<S, E, S> fromAny() {
			return new From<>(this, (s) -> true, Function.identity(), "any state");
		}

		/**
		 * Adds an action run when a state of type {@code type} is entered (not for the
		 * initial state), after the state is set.
		 * @param <F> the type of the states
		 * @param type a state type
		 * @param action receives the new state and the machine (to send follow-up events)
		 * @return this builder
		 * @throws NullPointerException if an argument is {@code null}
		 */
		public <F extends S> Builder<S, E> onEntry(Class<F> type,
				BiConsumer<? super F, ? super StateMachine<S, E>> action) {
			this.entries.add(action(type, action));
			return this;
		}

		/**
		 * Adds an action run when the state equal to {@code state} is entered.
		 * @param state the state
		 * @param action receives the new state and the machine
		 * @return this builder
		 * @throws NullPointerException if an argument is {@code null}
		 */
		public Builder<S, E> onEntry(S state, BiConsumer<? super S, ? super StateMachine<S, E>> action) {
			this.entries.add(action(state, action));
			return this;
		}

		/**
		 * Adds an action run when a state of type {@code type} is left, before the state
		 * changes. It must not send events.
		 * @param <F> the type of the states
		 * @param type a state type
		 * @param action receives the state being left and the machine
		 * @return this builder
		 * @throws NullPointerException if an argument is {@code null}
		 */
		public <F extends S> Builder<S, E> onExit(Class<F> type,
				BiConsumer<? super F, ? super StateMachine<S, E>> action) {
			this.exits.add(action(type, action));
			return this;
		}

		/**
		 * Adds an action run when the state equal to {@code state} is left.
		 * @param state the state
		 * @param action receives the state being left and the machine
		 * @return this builder
		 * @throws NullPointerException if an argument is {@code null}
		 */
		public Builder<S, E> onExit(S state, BiConsumer<? super S, ? super StateMachine<S, E>> action) {
			this.exits.add(action(state, action));
			return this;
		}

		private <F extends S> Action<S, E> action(Class<F> type,
				BiConsumer<? super F, ? super StateMachine<S, E>> action) {
			Objects.requireNonNull(type, "type must not be null");
			Objects.requireNonNull(action, "action must not be null");
			return new Action<>(type::isInstance, (s, machine) -> action.accept(type.cast(s), machine));
		}

		private Action<S, E> action(S state, BiConsumer<? super S, ? super StateMachine<S, E>> action) {
			Objects.requireNonNull(state, "state must not be null");
			Objects.requireNonNull(action, "action must not be null");
			return new Action<>(state::equals, action::accept);
		}

		/**
		 * Builds a machine in state {@code initial}, without running entry actions.
		 * Several machines can be built from one builder.
		 * @param initial the initial state
		 * @return the machine
		 * @throws NullPointerException if {@code initial} is {@code null}
		 * @throws IllegalArgumentException if {@code initial} is not of the state type
		 */
		public StateMachine<S, E> build(S initial) {
			Objects.requireNonNull(initial, "initial must not be null");
			if (!this.stateType.isInstance(initial)) {
				throw new IllegalArgumentException(
						"initial must be a " + this.stateType.getName() + ", was " + initial.getClass().getName());
			}
			return new StateMachine<>(this, initial);
		}

	}

	/**
	 * The source of a transition being declared; choose its event with {@code on}.
	 *
	 * @param <S> the type of the states
	 * @param <E> the type of the events
	 * @param <F> the type of the source states
	 * @since 0.1.0
	 */
	public static final class From<S, E, F extends S> {

		private final Builder<S, E> builder;

		private final Predicate<S> matches;

		private final Function<S, F> cast;

		private final String description;

		private From(Builder<S, E> builder, Predicate<S> matches, Function<S, F> cast, String description) {
			this.builder = builder;
			this.matches = matches;
			this.cast = cast;
			this.description = description;
		}

		/**
		 * Matches events of type {@code type}.
		 * @param <V> the type of the events
		 * @param type an event type, for example a record of a sealed interface
		 * @return the next step: an optional guard, then the target
		 * @throws NullPointerException if {@code type} is {@code null}
		 */
		public <V extends E> On<S, E, F, V> on(Class<V> type) {
			Objects.requireNonNull(type, "type must not be null");
			return new On<>(this, type::isInstance, type::cast, type.getSimpleName());
		}

		/**
		 * Matches events equal to {@code event} (an enum constant, say).
		 * @param event the event
		 * @return the next step: an optional guard, then the target
		 * @throws NullPointerException if {@code event} is {@code null}
		 */
		public On<S, E, F, E> on(E event) {
			Objects.requireNonNull(event, "event must not be null");
			return new On<>(this, event::equals, Function.identity(), String.valueOf(event));
		}

	}

	/**
	 * A transition being declared, with its source and event; add guards with
	 * {@code when}, finish with {@code to}.
	 *
	 * @param <S> the type of the states
	 * @param <E> the type of the events
	 * @param <F> the type of the source states
	 * @param <V> the type of the events matched
	 * @since 0.1.0
	 */
	public static final class On<S, E, F extends S, V extends E> {

		private final From<S, E, F> from;

		private final Predicate<E> matches;

		private final Function<E, V> cast;

		private final String description;

		private BiPredicate<? super F, ? super V> guard = (s, e) -> true;

		private On(From<S, E, F> from, Predicate<E> matches, Function<E, V> cast, String description) {
			this.from = from;
			this.matches = matches;
			this.cast = cast;
			this.description = description;
		}

		/**
		 * Adds a guard: the transition is taken only if it accepts the current state and
		 * the event. Several guards must all accept. Guards run under the graph lock and
		 * must be pure.
		 * @param guard the guard
		 * @return this step
		 * @throws NullPointerException if {@code guard} is {@code null}
		 */
		public On<S, E, F, V> when(BiPredicate<? super F, ? super V> guard) {
			Objects.requireNonNull(guard, "guard must not be null");
			BiPredicate<? super F, ? super V> previous = this.guard;
			this.guard = (s, e) -> previous.test(s, e) && guard.test(s, e);
			return this;
		}

		/**
		 * Finishes the transition with a target computed from the current state and the
		 * event (for example a record carrying the event's data).
		 * @param target computes the next state; pure, never {@code null}
		 * @return the builder, to declare more
		 * @throws NullPointerException if {@code target} is {@code null}
		 */
		public Builder<S, E> to(BiFunction<? super F, ? super V, ? extends S> target) {
			Objects.requireNonNull(target, "target must not be null");
			Function<S, F> castState = this.from.cast;
			Function<E, V> castEvent = this.cast;
			BiPredicate<? super F, ? super V> guard = this.guard;
			Builder<S, E> builder = this.from.builder;
			builder.transitions.add(new Transition<>(this.from.matches, this.matches,
					(s, e) -> guard.test(castState.apply(s), castEvent.apply(e)),
					(s, e) -> target.apply(castState.apply(s), castEvent.apply(e)),
					this.from.description + " on " + this.description));
			return builder;
		}

		/**
		 * Finishes the transition with a fixed target state.
		 * @param target the next state
		 * @return the builder, to declare more
		 * @throws NullPointerException if {@code target} is {@code null}
		 */
		public Builder<S, E> to(S target) {
			Objects.requireNonNull(target, "target must not be null");
			return to((s, e) -> target);
		}

	}

}
