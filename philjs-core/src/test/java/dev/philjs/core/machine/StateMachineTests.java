package dev.philjs.core.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Behaviour of {@link StateMachine}: table, guards, actions, errors, atomicity. */
class StateMachineTests {

	enum Light {

		RED, GREEN, YELLOW, OFF

	}

	enum Signal {

		TICK, POWER_CUT, POWER_BACK

	}

	static StateMachine.Builder<Light, Signal> traffic() {
		return StateMachine.builder(Light.class, Signal.class)
			.from(Light.RED)
			.on(Signal.TICK)
			.to(Light.GREEN)
			.from(Light.GREEN)
			.on(Signal.TICK)
			.to(Light.YELLOW)
			.from(Light.YELLOW)
			.on(Signal.TICK)
			.to(Light.RED)
			.fromAny()
			.on(Signal.POWER_CUT)
			.to(Light.OFF)
			.from(Light.OFF)
			.on(Signal.POWER_BACK)
			.to(Light.RED);
	}

	@Test
	@DisplayName("an enum machine follows its table, and fromAny matches every state")
	void enumMachineFollowsTable() {
		StateMachine<Light, Signal> light = traffic().build(Light.RED);
		List<Light> seen = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			light.send(Signal.TICK);
			seen.add(light.state().get());
		}
		assertThat(seen).containsExactly(Light.GREEN, Light.YELLOW, Light.RED, Light.GREEN);
		assertThat(light.send(Signal.POWER_CUT)).isTrue();
		assertThat(light.send(Signal.TICK)).isFalse();
		assertThat(light.send(Signal.POWER_BACK)).isTrue();
		assertThat(light.state().get()).isEqualTo(Light.RED);
	}

	@Test
	@DisplayName("the first declared transition whose guard accepts is taken")
	void firstAcceptingTransitionWins() {
		AtomicInteger budget = new AtomicInteger(1);
		StateMachine<Light, Signal> light = StateMachine.builder(Light.class, Signal.class)
			.from(Light.RED)
			.on(Signal.TICK)
			.when((s, e) -> budget.get() > 0)
			.to(Light.GREEN)
			.from(Light.RED)
			.on(Signal.TICK)
			.to(Light.OFF)
			.from(Light.GREEN)
			.on(Signal.TICK)
			.to(Light.RED)
			.build(Light.RED);
		light.send(Signal.TICK);
		assertThat(light.state().get()).isEqualTo(Light.GREEN);
		light.send(Signal.TICK);
		budget.set(0);
		light.send(Signal.TICK);
		assertThat(light.state().get()).isEqualTo(Light.OFF);
	}

	@Test
	@DisplayName("several guards on one transition must all accept")
	void severalGuardsAllMustAccept() {
		StateMachine<Light, Signal> light = StateMachine.builder(Light.class, Signal.class)
			.from(Light.RED)
			.on(Signal.TICK)
			.when((s, e) -> true)
			.when((s, e) -> false)
			.to(Light.GREEN)
			.build(Light.RED);
		assertThat(light.send(Signal.TICK)).isFalse();
	}

	@Test
	@DisplayName("exit actions run before the state changes, entry actions after, for type and value matchers")
	void exitThenEntryActions() {
		List<String> log = new ArrayList<>();
		StateMachine<Light, Signal>[] holder = new StateMachine[1];
		StateMachine<Light, Signal> light = traffic()
			.onExit(Light.RED, (s, m) -> log.add("exit " + s + " while " + holder[0].state().peek()))
			.onEntry(Light.GREEN, (s, m) -> log.add("enter " + s + " while " + m.state().peek()))
			.onEntry(Light.class, (s, m) -> log.add("entered " + s))
			.build(Light.RED);
		holder[0] = light;
		light.send(Signal.TICK);
		assertThat(log).containsExactly("exit RED while RED", "enter GREEN while GREEN", "entered GREEN");
	}

	@Test
	@DisplayName("a self-transition runs the exit and entry actions again")
	void selfTransitionRunsActions() {
		List<String> log = new ArrayList<>();
		StateMachine<Light, Signal> light = StateMachine.builder(Light.class, Signal.class)
			.from(Light.RED)
			.on(Signal.TICK)
			.to(Light.RED)
			.onExit(Light.RED, (s, m) -> log.add("exit"))
			.onEntry(Light.RED, (s, m) -> log.add("enter"))
			.build(Light.RED);
		assertThat(light.send(Signal.TICK)).isTrue();
		assertThat(log).containsExactly("exit", "enter");
	}

	@Test
	@DisplayName("a refused event runs no action")
	void refusedEventRunsNoAction() {
		List<String> log = new ArrayList<>();
		StateMachine<Light, Signal> light = traffic().onExit(Light.class, (s, m) -> log.add("exit " + s))
			.build(Light.RED);
		assertThat(light.send(Signal.POWER_BACK)).isFalse();
		assertThat(log).isEmpty();
	}

	@Test
	@DisplayName("observers see the new state together with what its entry action wrote")
	void entryWritesAreBatchedWithTheTransition() {
		dev.philjs.core.Signal<Integer> greens = Reactive.signal(0);
		StateMachine<Light, Signal> light = traffic().onEntry(Light.GREEN, (s, m) -> greens.update((n) -> n + 1))
			.build(Light.RED);
		List<String> seen = new ArrayList<>();
		Effect effect = Reactive.effect(() -> seen.add(light.state().get() + "/" + greens.get()));
		light.send(Signal.TICK);
		effect.dispose();
		assertThat(seen).containsExactly("RED/0", "GREEN/1");
	}

	@Test
	@DisplayName("a guard, a target or an exit action that throws leaves the state unchanged")
	void throwingGuardTargetOrExitChangesNothing() {
		StateMachine<Light, Signal> guarded = StateMachine.builder(Light.class, Signal.class)
			.from(Light.RED)
			.on(Signal.TICK)
			.when((s, e) -> {
				throw new IllegalStateException("guard broke");
			})
			.to(Light.GREEN)
			.build(Light.RED);
		assertThatIllegalStateException().isThrownBy(() -> guarded.send(Signal.TICK)).withMessage("guard broke");
		assertThat(guarded.state().get()).isEqualTo(Light.RED);
		AtomicInteger exits = new AtomicInteger();
		StateMachine<Light, Signal> exiting = traffic().onExit(Light.RED, (s, m) -> {
			if (exits.incrementAndGet() == 1) {
				throw new IllegalStateException("exit broke");
			}
		}).build(Light.RED);
		assertThatIllegalStateException().isThrownBy(() -> exiting.send(Signal.TICK)).withMessage("exit broke");
		assertThat(exiting.state().get()).isEqualTo(Light.RED);
		StateMachine<Light, Signal> nullTarget = StateMachine.builder(Light.class, Signal.class)
			.from(Light.RED)
			.on(Signal.TICK)
			.to((s, e) -> null)
			.build(Light.RED);
		assertThatNullPointerException().isThrownBy(() -> nullTarget.send(Signal.TICK))
			.withMessage("target of RED on TICK returned null");
		assertThat(nullTarget.state().get()).isEqualTo(Light.RED);
		// the machine stays usable: the next send is not mistaken for a send from an
		// action
		assertThat(exiting.send(Signal.TICK)).isTrue();
		assertThat(exiting.state().get()).isEqualTo(Light.GREEN);
	}

	@Test
	@DisplayName("an entry action that throws: the transition happened and the exception propagates")
	void throwingEntryActionAfterTransition() {
		StateMachine<Light, Signal> light = traffic().onEntry(Light.GREEN, (s, m) -> {
			throw new IllegalStateException("entry broke");
		}).build(Light.RED);
		assertThatIllegalStateException().isThrownBy(() -> light.send(Signal.TICK)).withMessage("entry broke");
		assertThat(light.state().get()).isEqualTo(Light.GREEN);
	}

	@Test
	@DisplayName("sending from an exit action is refused, sending from an entry action is processed")
	void sendFromActions() {
		StateMachine<Light, Signal> fromExit = traffic().onExit(Light.RED, (s, m) -> m.send(Signal.POWER_CUT))
			.build(Light.RED);
		assertThatIllegalStateException().isThrownBy(() -> fromExit.send(Signal.TICK))
			.withMessageContaining("send from an entry action instead");
		assertThat(fromExit.state().get()).isEqualTo(Light.RED);
		StateMachine<Light, Signal> fromEntry = traffic().onEntry(Light.GREEN, (s, m) -> m.send(Signal.TICK))
			.build(Light.RED);
		assertThat(fromEntry.send(Signal.TICK)).isTrue();
		assertThat(fromEntry.state().get()).isEqualTo(Light.YELLOW);
	}

	@Test
	@DisplayName("the state signal is read-only")
	void stateIsReadOnly() {
		StateMachine<Light, Signal> light = traffic().build(Light.RED);
		assertThat(light.state()).isNotInstanceOf(dev.philjs.core.Signal.class);
	}

	@Test
	@DisplayName("one builder builds independent machines")
	void builderBuildsIndependentMachines() {
		StateMachine.Builder<Light, Signal> table = traffic();
		StateMachine<Light, Signal> a = table.build(Light.RED);
		StateMachine<Light, Signal> b = table.build(Light.GREEN);
		a.send(Signal.TICK);
		assertThat(a.state().get()).isEqualTo(Light.GREEN);
		assertThat(b.state().get()).isEqualTo(Light.GREEN);
		b.send(Signal.TICK);
		assertThat(a.state().get()).isEqualTo(Light.GREEN);
	}

	@Test
	@DisplayName("bad input is rejected with a message naming it")
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void badInputRejected() {
		assertThatNullPointerException().isThrownBy(() -> StateMachine.builder(null, Signal.class))
			.withMessage("stateType must not be null");
		StateMachine.Builder<Light, Signal> table = traffic();
		assertThatNullPointerException().isThrownBy(() -> table.build(null)).withMessage("initial must not be null");
		StateMachine.Builder raw = StateMachine.builder(Light.class, Signal.class);
		assertThatIllegalArgumentException().isThrownBy(() -> raw.build("RED"))
			.withMessageContaining("initial must be a");
		assertThatNullPointerException().isThrownBy(() -> table.from(Light.RED).on(Signal.TICK).when(null))
			.withMessage("guard must not be null");
		assertThatNullPointerException().isThrownBy(() -> table.onEntry(Light.RED, null))
			.withMessage("action must not be null");
		StateMachine<Light, Signal> light = table.build(Light.RED);
		assertThatNullPointerException().isThrownBy(() -> light.send(null)).withMessage("event must not be null");
		assertThat(light.state().get()).isEqualTo(Light.RED);
	}

	@Test
	@DisplayName("threads racing to send FETCH to an idle machine: exactly one is accepted, every round")
	void racingSendersOnlyOneTransitions() throws Exception {
		int threads = 8;
		AtomicInteger entered = new AtomicInteger();
		StateMachine<Light, Signal> machine = StateMachine.builder(Light.class, Signal.class)
			.from(Light.OFF)
			.on(Signal.POWER_BACK)
			.to(Light.RED)
			.from(Light.RED)
			.on(Signal.POWER_CUT)
			.to(Light.OFF)
			.onEntry(Light.RED, (s, m) -> entered.incrementAndGet())
			.build(Light.OFF);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CyclicBarrier barrier = new CyclicBarrier(threads);
		try {
			int rounds = 200;
			for (int round = 0; round < rounds; round++) {
				AtomicInteger accepted = new AtomicInteger();
				List<Future<?>> done = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					done.add(pool.submit(() -> {
						barrier.await();
						if (machine.send(Signal.POWER_BACK)) {
							accepted.incrementAndGet();
						}
						return null;
					}));
				}
				for (Future<?> f : done) {
					f.get(30, TimeUnit.SECONDS);
				}
				assertThat(accepted).hasValue(1);
				assertThat(machine.send(Signal.POWER_CUT)).isTrue();
			}
			assertThat(entered).hasValue(rounds);
		}
		finally {
			pool.shutdownNow();
		}
	}

	record Count(int value) {
	}

	enum Step {

		INC

	}

	@Test
	@DisplayName("many threads sending to a counter machine: every transition starts from the previous one's state")
	void concurrentTransitionsAreSerial() throws Exception {
		List<Integer> entries = new ArrayList<>();
		StateMachine<Count, Step> counter = StateMachine.builder(Count.class, Step.class)
			.from(Count.class)
			.on(Step.INC)
			.to((count, step) -> new Count(count.value() + 1))
			.onEntry(Count.class, (count, m) -> entries.add(count.value()))
			.build(new Count(0));
		int threads = 8;
		int perThread = 1000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					go.await();
					for (int i = 0; i < perThread; i++) {
						assertThat(counter.send(Step.INC)).isTrue();
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> f : done) {
				f.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(counter.state().get()).isEqualTo(new Count(threads * perThread));
		// entry actions run under the graph lock, so the plain list is safe and in order
		List<Integer> expected = new ArrayList<>();
		for (int i = 1; i <= threads * perThread; i++) {
			expected.add(i);
		}
		assertThat(Reactive.batch(() -> new ArrayList<>(entries))).isEqualTo(expected);
	}

}
