package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.createRoot;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Spec sections I and J (T75-T80): effects that write signals settle, runaway loops are
 * stopped with {@link CycleDetectedException} and leave the graph usable, and writes
 * inside a memo are allowed.
 */
class LoopGuardTests {

	private static final int LIMIT = 25;

	private int savedLimit;

	@BeforeEach
	void saveFlushPassLimit() {
		this.savedLimit = Reactive.flushPassLimit();
	}

	@AfterEach
	void restoreFlushPassLimit() {
		Reactive.setFlushPassLimit(this.savedLimit);
	}

	@Test
	@DisplayName("T75 an effect writing back a derived value settles")
	void T75_writeBackSettles() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		effect(() -> b.set(a.get() * 2));
		a.set(5);
		assertThat(b.get()).isEqualTo(10);

		Signal<Integer> c = signal(0);
		Signal<Integer> d = signal(0);
		effect(() -> {
			if (c.get() > 0 && d.get() == 0) {
				d.set(c.get());
			}
		});
		c.set(5);
		assertThat(d.get()).isEqualTo(5);
	}

	@Test
	@DisplayName("T75 after several synchronous writes the last observed value is the final one")
	void T75_lastObservedValueIsTheFinalOne() {
		Signal<Integer> a = signal(0);
		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(a.get()));
		a.set(1);
		a.set(2);
		a.set(3);
		assertThat(seen).last().isEqualTo(3);
	}

	@Test
	@DisplayName("T75 a listener resetting the value makes the other listener end on the reset value")
	void T75_resettingListenerIsSeenByTheOther() {
		Signal<Integer> a = signal(0);
		effect(() -> {
			if (a.get() == 1) {
				a.set(0);
			}
		});
		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(a.get()));
		a.set(1);
		assertThat(seen).last().isEqualTo(0);
		assertThat(a.get()).isZero();
	}

	@Test
	@DisplayName("T75 a listener mapping 1 to 10 makes the other listener end on 10")
	void T75_mappingListenerIsSeenByTheOther() {
		Signal<Integer> a = signal(0);
		effect(() -> {
			if (a.get() == 1) {
				a.set(10);
			}
		});
		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(a.get()));
		a.set(1);
		assertThat(seen).last().isEqualTo(10);
	}

	@Test
	@DisplayName("T76 a write made mid-flush is seen by a downstream effect")
	void T76_midFlushWriteIsSeenDownstream() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		effect(() -> {
			if (a.get() == 1) {
				b.set(10);
			}
		});
		Memo<Integer> c = memo(() -> a.get() + b.get());
		List<Integer> log = new ArrayList<>();
		effect(() -> log.add(c.get()));
		a.set(1);
		assertThat(log).last().isEqualTo(11);
	}

	@Test
	@DisplayName("T76 writes by two sibling effects are both seen downstream")
	void T76_writesOfTwoSiblingWritersAreSeenDownstream() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b1 = signal(0);
		Signal<Integer> b2 = signal(0);
		effect(() -> {
			if (a.get() == 1) {
				b1.set(10);
			}
		});
		effect(() -> {
			if (a.get() == 1) {
				b2.set(20);
			}
		});
		Memo<Integer> sum = memo(() -> b1.get() + b2.get());
		List<Integer> log = new ArrayList<>();
		effect(() -> log.add(sum.get()));
		a.set(1);
		assertThat(log).last().isEqualTo(30);
	}

	@Test
	@DisplayName("T77 resets written back through a memo do not block later propagation (2 runs per write)")
	void T77_innerResetsThroughMemoDoNotBlockPropagation() {
		Signal<Integer> s = signal(0);
		Memo<Integer> c = memo(s::get);
		AtomicInteger runs = new AtomicInteger();
		effect(() -> {
			runs.incrementAndGet();
			if (c.get() > 0) {
				s.set(0);
			}
		});
		assertThat(runs).hasValue(1);
		s.set(1);
		assertThat(s.get()).isZero();
		assertThat(runs).hasValue(3);
		s.set(2);
		assertThat(s.get()).isZero();
		assertThat(runs).hasValue(5);
		s.set(3);
		assertThat(s.get()).isZero();
		assertThat(runs).hasValue(7);
	}

	@Test
	@DisplayName("T78 an effect that writes its own dependency is re-run once (preact semantics)")
	void T78_effectWritingOwnDependencyIsReRun() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		effect(() -> {
			runs.incrementAndGet();
			int v = a.get();
			if (v == 0) {
				a.set(v + 1);
			}
		});
		assertThat(runs).hasValue(2);
		assertThat(a.get()).isEqualTo(1);
	}

	@Test
	@DisplayName("T78 a convergent self-incrementing effect reaches its fixpoint in 6 runs")
	void T78_convergentCounterReachesFixpoint() {
		Signal<Integer> v = signal(0);
		AtomicInteger runs = new AtomicInteger();
		assertThatNoException().isThrownBy(() -> effect(() -> {
			runs.incrementAndGet();
			int current = v.get();
			if (current < 5) {
				v.set(current + 1);
			}
		}));
		assertThat(v.get()).isEqualTo(5);
		assertThat(runs).hasValue(6);
		v.set(0);
		assertThat(v.get()).isEqualTo(5);
		assertThat(runs).hasValue(12);
	}

	@Test
	@DisplayName("T79 an unconditional self-increment throws CycleDetectedException at the default limit")
	void T79_unconditionalSelfIncrementThrowsAtDefaultLimit() {
		int limit = Reactive.flushPassLimit();
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		AtomicReference<Disposable> root = new AtomicReference<>();
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> createRoot((r) -> {
			root.set(r);
			return effect(() -> {
				runs.incrementAndGet();
				a.set(a.get() + 1);
			});
		}));
		assertThat(runs.get()).isBetween(limit - 2, limit + 2);
		assertGraphUsable();

		runs.set(0);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> a.set(-1000));
		assertThat(runs.get()).isBetween(limit - 2, limit + 2);

		root.get().dispose();
		runs.set(0);
		assertThatNoException().isThrownBy(() -> a.set(0));
		assertThat(runs).hasValue(0);
	}

	@Test
	@DisplayName("T79 the flush-pass limit is configurable and bounds an unconditional self-increment")
	void T79_configuredLimitBoundsSelfIncrement() {
		Reactive.setFlushPassLimit(LIMIT);
		Signal<Integer> a = signal(0);
		Signal<Boolean> armed = signal(false);
		AtomicInteger runs = new AtomicInteger();
		effect(() -> {
			runs.incrementAndGet();
			int v = a.get();
			if (armed.get()) {
				a.set(v + 1);
			}
		});
		runs.set(0);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> armed.set(true));
		assertThat(runs.get()).isBetween(LIMIT - 2, LIMIT + 2);
		assertGraphUsable();

		runs.set(0);
		armed.set(false);
		assertThat(runs).hasValue(1);
		int settled = a.get();
		a.set(settled + 100);
		assertThat(runs).hasValue(2);
		assertThat(a.get()).isEqualTo(settled + 100);
	}

	@Test
	@DisplayName("T79 a 2-effect ping-pong throws CycleDetectedException and the effects react again afterwards")
	void T79_twoEffectPingPongIsStopped() {
		Reactive.setFlushPassLimit(LIMIT);
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		List<Integer> seenA = new ArrayList<>();
		List<Integer> seenB = new ArrayList<>();
		effect(() -> {
			int v = a.get();
			seenA.add(v);
			if (v > 0) {
				b.set(v + 1);
			}
		});
		effect(() -> {
			int v = b.get();
			seenB.add(v);
			if (v > 0) {
				a.set(v + 1);
			}
		});
		seenA.clear();
		seenB.clear();
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> a.set(1));
		assertThat(seenA.size() + seenB.size()).isBetween(LIMIT - 2, LIMIT + 2);
		assertGraphUsable();

		seenA.clear();
		seenB.clear();
		a.set(-5);
		assertThat(seenA).containsExactly(-5);
		assertThat(seenB).isEmpty();
		b.set(-7);
		assertThat(seenA).containsExactly(-5);
		assertThat(seenB).containsExactly(-7);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> a.set(1));
	}

	@Test
	@DisplayName("T79 a 3-effect ring throws CycleDetectedException and the effects react again afterwards")
	void T79_threeEffectRingIsStopped() {
		Reactive.setFlushPassLimit(LIMIT);
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		Signal<Integer> c = signal(0);
		AtomicInteger runs = new AtomicInteger();
		List<String> seen = new ArrayList<>();
		effect(() -> forward("a", a, b, runs, seen));
		effect(() -> forward("b", b, c, runs, seen));
		effect(() -> forward("c", c, a, runs, seen));
		runs.set(0);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> a.set(1));
		assertThat(runs.get()).isBetween(LIMIT - 2, LIMIT + 2);
		assertGraphUsable();

		seen.clear();
		a.set(-1);
		b.set(-2);
		c.set(-3);
		assertThat(seen).containsExactly("a=-1", "b=-2", "c=-3");
	}

	private static void forward(String name, Signal<Integer> from, Signal<Integer> to, AtomicInteger runs,
			List<String> seen) {
		runs.incrementAndGet();
		int v = from.get();
		seen.add(name + "=" + v);
		if (v > 0) {
			to.set(v + 1);
		}
	}

	@Test
	@DisplayName("T79 a cycle through a memo throws CycleDetectedException and the graph stays usable")
	void T79_cycleThroughMemoIsStopped() {
		Reactive.setFlushPassLimit(LIMIT);
		Signal<Integer> a = signal(0);
		Memo<Integer> next = memo(() -> a.get() + 1);
		List<Integer> seen = new ArrayList<>();
		effect(() -> {
			int v = next.get();
			seen.add(v);
			if (v > 1) {
				a.set(v);
			}
		});
		seen.clear();
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> a.set(1));
		assertThat(seen.size()).isBetween(LIMIT - 2, LIMIT + 2);
		assertGraphUsable();

		seen.clear();
		a.set(-10);
		assertThat(seen).containsExactly(-9);
		assertThat(next.get()).isEqualTo(-9);
	}

	@Test
	@DisplayName("T79 a cycle created dynamically by a branch throws and the effects react again afterwards")
	void T79_dynamicCycleCreatedByBranchIsStopped() {
		Reactive.setFlushPassLimit(LIMIT);
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		Signal<Boolean> closeLoop = signal(false);
		AtomicInteger firstRuns = new AtomicInteger();
		AtomicInteger secondRuns = new AtomicInteger();
		effect(() -> {
			firstRuns.incrementAndGet();
			int v = a.get();
			if (closeLoop.get()) {
				b.set(v + 1);
			}
		});
		effect(() -> {
			secondRuns.incrementAndGet();
			a.set(b.get() + 1);
		});
		assertThat(a.get()).isEqualTo(1);
		firstRuns.set(0);
		secondRuns.set(0);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> closeLoop.set(true));
		assertThat(firstRuns.get() + secondRuns.get()).isBetween(LIMIT - 2, LIMIT + 2);
		assertGraphUsable();

		closeLoop.set(false);
		firstRuns.set(0);
		secondRuns.set(0);
		b.set(-100);
		assertThat(a.get()).isEqualTo(-99);
		assertThat(secondRuns).hasValue(1);
		assertThat(firstRuns).hasValue(1);
	}

	/**
	 * Checks that an unrelated part of the graph still propagates normally.
	 */
	private static void assertGraphUsable() {
		Signal<Integer> x = signal(0);
		Memo<Integer> doubled = memo(() -> x.get() * 2);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(doubled.get()));
		x.set(1);
		x.set(2);
		assertThat(seen).containsExactly(0, 2, 4);
		e.dispose();
	}

	@Test
	@DisplayName("T80(i) a write inside a memo propagates to the effects of the written signal")
	void T80_writeInsideMemoPropagates() {
		Signal<Integer> a = signal(0);
		Signal<Integer> side = signal(0);
		Memo<Integer> c = memo(() -> {
			side.set(a.get() * 10);
			return a.get();
		});
		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(side.get()));
		assertThat(c.get()).isZero();
		a.set(1);
		assertThat(c.get()).isEqualTo(1);
		assertThat(side.get()).isEqualTo(10);
		assertThat(seen).containsExactly(0, 10);
	}

	@Test
	@DisplayName("T80(i) a memo writing a signal read by another memo is seen by that memo")
	void T80_writeInsideMemoIsSeenByOtherMemo() {
		Signal<Integer> s = signal(0);
		Memo<Integer> writer = memo(() -> {
			s.set(2);
			return 0;
		});
		Memo<Integer> reader = memo(() -> s.get() + 100);
		writer.get();
		assertThat(reader.get()).isEqualTo(102);
	}

	@Test
	@DisplayName("T80(ii) writes made by a memo before it throws stay visible")
	void T80_writesBeforeThrowStay() {
		Signal<Integer> a = signal(0);
		Signal<Integer> side = signal(0);
		Memo<Integer> c = memo(() -> {
			int v = a.get();
			side.set(v);
			if (v > 0) {
				throw new IllegalStateException("boom " + v);
			}
			return v;
		});
		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(side.get()));
		assertThat(c.get()).isZero();
		a.set(1);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(c::get).withMessage("boom 1");
		assertThat(side.get()).isEqualTo(1);
		assertThat(seen).containsExactly(0, 1);
	}

	@Test
	@DisplayName("T80(iii) a memo that writes its own dependency is not treated as clean")
	void T80_memoWritingOwnDependencyIsNotClean() {
		Signal<Integer> s = signal(1);
		Memo<Integer> c = memo(() -> {
			s.set(s.get() + 1);
			return s.get();
		});
		assertThat(c.get()).isEqualTo(2);
		assertThat(c.get()).isEqualTo(3);
	}

	@Test
	@DisplayName("T80(iv) once a branch no longer reaches the writing memo, its side write stops")
	void T80_sideWriteStopsWhenBranchNoLongerReachesWriter() {
		Signal<Integer> a = signal(0);
		Signal<Integer> side = signal(0);
		Signal<Boolean> useWriter = signal(true);
		AtomicInteger writerRuns = new AtomicInteger();
		Memo<Integer> writer = memo(() -> {
			writerRuns.incrementAndGet();
			side.set(a.get() * 10);
			return a.get();
		});
		Memo<Integer> top = memo(() -> useWriter.get() ? writer.get() : -1);
		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(top.get()));
		a.set(1);
		assertThat(side.get()).isEqualTo(10);
		assertThat(seen).containsExactly(0, 1);
		useWriter.set(false);
		assertThat(seen).containsExactly(0, 1, -1);
		int runsBefore = writerRuns.get();
		a.set(2);
		a.set(3);
		assertThat(top.get()).isEqualTo(-1);
		assertThat(side.get()).isEqualTo(10);
		assertThat(writerRuns).hasValue(runsBefore);
	}

}
