package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.onCleanup;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Spec section G (T56-T66): when effects run, when their cleanups run, and how disposal
 * ends them.
 */
class EffectLifecycleTests {

	@Test
	@DisplayName("T56 an effect runs once at creation and synchronously on each change")
	void T56_effectRunsOnceAtCreationAndSynchronouslyOnEachChange() {
		Signal<String> s = signal("a");
		List<String> log = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		effect(() -> {
			log.add(s.get());
			threads.add(Thread.currentThread());
		});
		assertThat(log).containsExactly("a");
		s.set("b");
		assertThat(log).containsExactly("a", "b");
		s.set("c");
		assertThat(log).containsExactly("a", "b", "c");
		assertThat(threads).containsOnly(Thread.currentThread());
	}

	@Test
	@DisplayName("T57 the previous run's cleanup runs before each re-run and once on dispose")
	void T57_previousCleanupRunsBeforeEachReRunAndOnDispose() {
		Signal<Integer> a = signal(0);
		List<String> log = new ArrayList<>();
		Effect e = effect(() -> {
			int v = a.get();
			log.add("run:" + v);
			onCleanup(() -> log.add("cleanup:" + v));
		});
		assertThat(log).containsExactly("run:0");
		a.set(1);
		assertThat(log).containsExactly("run:0", "cleanup:0", "run:1");
		a.set(2);
		assertThat(log).containsExactly("run:0", "cleanup:0", "run:1", "cleanup:1", "run:2");
		e.dispose();
		assertThat(log).containsExactly("run:0", "cleanup:0", "run:1", "cleanup:1", "run:2", "cleanup:2");
		a.set(3);
		assertThat(log).hasSize(6);
	}

	@Test
	@DisplayName("T57 all cleanups registered in one run are called before the next run")
	void T57_allCleanupsOfOneRunAreCalledBeforeTheNextRun() {
		Signal<Integer> a = signal(0);
		List<String> log = new ArrayList<>();
		effect(() -> {
			int v = a.get();
			onCleanup(() -> log.add("first:" + v));
			onCleanup(() -> log.add("second:" + v));
			onCleanup(() -> log.add("third:" + v));
			log.add("run:" + v);
		});
		log.clear();
		a.set(1);
		assertThat(log).hasSize(4).endsWith("run:1");
		assertThat(log.subList(0, 3)).containsExactlyInAnyOrder("first:0", "second:0", "third:0");
	}

	@Test
	@DisplayName("T58 a signal read only in an effect's own cleanup is not a dependency")
	void T58_signalReadInOwnCleanupIsNotADependency() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger runs = new AtomicInteger();
		effect(() -> {
			runs.incrementAndGet();
			a.get();
			onCleanup(b::get);
		});
		a.set(1);
		assertThat(runs).hasValue(2);
		b.set(1);
		b.set(2);
		assertThat(runs).hasValue(2);
	}

	@Test
	@DisplayName("T58 a cleanup run by disposing another effect does not track into the disposer")
	void T58_cleanupRunByDisposingEffectIsNotTrackedByTheDisposer() {
		Signal<Integer> b = signal(0);
		Signal<Boolean> kill = signal(false);
		Effect victim = effect(() -> onCleanup(b::get));
		AtomicInteger disposerRuns = new AtomicInteger();
		effect(() -> {
			disposerRuns.incrementAndGet();
			if (kill.get()) {
				victim.dispose();
			}
		});
		kill.set(true);
		assertThat(victim.isDisposed()).isTrue();
		assertThat(disposerRuns).hasValue(2);
		b.set(1);
		assertThat(disposerRuns).hasValue(2);
	}

	@Test
	@DisplayName("T58 a cleanup of an effect owned by a memo does not track into the memo or its reader")
	void T58_cleanupOfEffectOwnedByMemoIsNotTrackedByMemoOrOuterEffect() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger memoRuns = new AtomicInteger();
		AtomicInteger outerRuns = new AtomicInteger();
		AtomicInteger innerCleanups = new AtomicInteger();
		Memo<Integer> m = memo(() -> {
			memoRuns.incrementAndGet();
			effect(() -> onCleanup(() -> {
				innerCleanups.incrementAndGet();
				b.get();
			}));
			return a.get();
		});
		effect(() -> {
			outerRuns.incrementAndGet();
			m.get();
		});
		a.set(1);
		assertThat(innerCleanups).hasValue(1);
		assertThat(memoRuns).hasValue(2);
		assertThat(outerRuns).hasValue(2);
		b.set(1);
		assertThat(memoRuns).hasValue(2);
		assertThat(outerRuns).hasValue(2);
	}

	@Test
	@DisplayName("T59 dispose is idempotent and final, and a new effect on the same signal works")
	void T59_disposeIsIdempotentAndFinal() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger cleanups = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			a.get();
			onCleanup(cleanups::incrementAndGet);
		});
		e.dispose();
		assertThat(e.isDisposed()).isTrue();
		assertThat(cleanups).hasValue(1);
		assertThatNoException().isThrownBy(e::dispose);
		assertThatNoException().isThrownBy(e::close);
		assertThat(cleanups).hasValue(1);
		a.set(1);
		a.set(2);
		assertThat(runs).hasValue(1);

		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(a.get()));
		a.set(3);
		assertThat(seen).containsExactly(2, 3);
		assertThat(runs).hasValue(1);
	}

	@Test
	@DisplayName("T60 an effect disposing itself finishes its run, tracks nothing after, never runs again")
	void T60_selfDisposeFinishesTheRunAndStopsFurtherRuns() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicReference<Effect> self = new AtomicReference<>();
		List<String> log = new ArrayList<>();
		AtomicInteger earlyCleanups = new AtomicInteger();
		AtomicInteger lateCleanups = new AtomicInteger();
		self.set(effect(() -> {
			log.add("start");
			if (a.get() == 1) {
				onCleanup(earlyCleanups::incrementAndGet);
				self.get().dispose();
				log.add("after-dispose");
				b.get();
				onCleanup(lateCleanups::incrementAndGet);
			}
			log.add("end");
		}));
		a.set(1);
		assertThat(log).containsExactly("start", "end", "start", "after-dispose", "end");
		assertThat(self.get().isDisposed()).isTrue();
		assertThat(earlyCleanups).hasValue(1);
		assertThat(lateCleanups).hasValue(1);
		b.set(1);
		a.set(2);
		a.set(1);
		assertThat(log).hasSize(5);
		assertThat(earlyCleanups).hasValue(1);
		assertThat(lateCleanups).hasValue(1);
	}

	@Test
	@DisplayName("T61 a cleanup that disposes its own effect prevents the re-run")
	void T61_cleanupDisposingItsEffectPreventsTheReRun() {
		Signal<Integer> a = signal(0);
		AtomicReference<Effect> self = new AtomicReference<>();
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger cleanups = new AtomicInteger();
		self.set(effect(() -> {
			runs.incrementAndGet();
			a.get();
			onCleanup(() -> {
				cleanups.incrementAndGet();
				self.get().dispose();
			});
		}));
		a.set(1);
		assertThat(runs).hasValue(1);
		assertThat(cleanups).hasValue(1);
		assertThat(self.get().isDisposed()).isTrue();
		a.set(2);
		assertThat(runs).hasValue(1);
		assertThat(cleanups).hasValue(1);
	}

	@Test
	@DisplayName("T62 a cleanup that writes the effect's own dependency does not re-trigger it")
	void T62_cleanupWritingOwnDependencyDoesNotRetrigger() {
		Signal<Integer> a = signal(0);
		List<Integer> spy = new ArrayList<>();
		effect(() -> {
			spy.add(a.get());
			onCleanup(() -> a.set(2));
		});
		assertThat(spy).containsExactly(0);
		a.set(1);
		assertThat(spy).containsExactly(0, 2);
		assertThat(a.get()).isEqualTo(2);
	}

	@Test
	@DisplayName("T63 an effect disposed by a memo during propagation does not run and is fully unlinked")
	void T63_effectDisposedByMemoMidPropagationDoesNotRun() {
		Signal<Integer> s = signal(0);
		AtomicReference<Effect> first = new AtomicReference<>();
		Memo<Integer> a = memo(() -> {
			int v = s.get();
			if (v == 1) {
				first.get().dispose();
			}
			return v;
		});
		List<Integer> firstSeen = new ArrayList<>();
		List<Integer> secondSeen = new ArrayList<>();
		first.set(effect(() -> firstSeen.add(a.get())));
		effect(() -> secondSeen.add(a.get()));
		s.set(1);
		assertThat(firstSeen).containsExactly(0);
		assertThat(secondSeen).containsExactly(0, 1);
		assertThat(first.get().isDisposed()).isTrue();
		s.set(2);
		s.set(3);
		assertThat(firstSeen).containsExactly(0);
		assertThat(secondSeen).containsExactly(0, 1, 2, 3);
	}

	@Test
	@DisplayName("T63 disposal by an unchanged memo beside a sibling memo does not crash")
	void T63_disposalByUnchangedMemoWithSiblingDoesNotCrash() {
		Signal<Integer> s = signal(0);
		AtomicReference<Effect> first = new AtomicReference<>();
		Memo<String> disposer = memo(() -> {
			if (s.get() == 1) {
				first.get().dispose();
			}
			return "same";
		});
		Memo<Integer> sibling = memo(s::get);
		List<String> firstSeen = new ArrayList<>();
		List<String> secondSeen = new ArrayList<>();
		first.set(effect(() -> firstSeen.add(disposer.get() + sibling.get())));
		effect(() -> secondSeen.add(sibling.get() + disposer.get()));
		assertThatNoException().isThrownBy(() -> s.set(1));
		assertThat(firstSeen).containsExactly("same0");
		assertThat(secondSeen).containsExactly("0same", "1same");
		s.set(2);
		assertThat(firstSeen).containsExactly("same0");
		assertThat(secondSeen).containsExactly("0same", "1same", "2same");
	}

	@Test
	@DisplayName("T64 effects on one signal run in creation order")
	void T64_effectsRunInCreationOrder() {
		Signal<Integer> a = signal(0);
		List<Integer> order = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			int id = i;
			effect(() -> {
				a.get();
				order.add(id);
			});
		}
		order.clear();
		a.set(1);
		assertThat(order).containsExactly(1, 2, 3);
		order.clear();
		a.set(2);
		assertThat(order).containsExactly(1, 2, 3);
	}

	@Test
	@DisplayName("T65 other effects on a signal keep running after one is disposed")
	void T65_otherListenersOfSignalSurviveOneDisposal() {
		Signal<Integer> s = signal(0);
		AtomicInteger[] runs = { new AtomicInteger(), new AtomicInteger(), new AtomicInteger() };
		Effect[] effects = new Effect[3];
		for (int i = 0; i < 3; i++) {
			AtomicInteger counter = runs[i];
			effects[i] = effect(() -> {
				s.get();
				counter.incrementAndGet();
			});
		}
		effects[1].dispose();
		s.set(1);
		assertThat(runs[0]).hasValue(2);
		assertThat(runs[1]).hasValue(1);
		assertThat(runs[2]).hasValue(2);
	}

	@Test
	@DisplayName("T65 other effects on a memo keep running after one is disposed")
	void T65_otherListenersOfMemoSurviveOneDisposal() {
		Signal<Integer> s = signal(0);
		Memo<Integer> c = memo(s::get);
		AtomicInteger[] runs = { new AtomicInteger(), new AtomicInteger(), new AtomicInteger() };
		Effect[] effects = new Effect[3];
		for (int i = 0; i < 3; i++) {
			AtomicInteger counter = runs[i];
			effects[i] = effect(() -> {
				c.get();
				counter.incrementAndGet();
			});
		}
		effects[1].dispose();
		s.set(1);
		assertThat(runs[0]).hasValue(2);
		assertThat(runs[1]).hasValue(1);
		assertThat(runs[2]).hasValue(2);
	}

	@Test
	@DisplayName("T66 an effect created inside a cleanup runs and tracks its own dependencies")
	void T66_effectCreatedInsideCleanupWorks() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger innerRuns = new AtomicInteger();
		List<Effect> inners = new ArrayList<>();
		effect(() -> {
			a.get();
			onCleanup(() -> inners.add(effect(() -> {
				b.get();
				innerRuns.incrementAndGet();
			})));
		});
		assertThat(innerRuns).hasValue(0);
		a.set(1);
		assertThat(innerRuns).hasValue(1);
		b.set(1);
		assertThat(innerRuns).hasValue(2);
		inners.forEach(Effect::dispose);
	}

}
