package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.batch;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.onCleanup;
import static dev.philjs.core.Reactive.signal;
import static dev.philjs.core.Reactive.untrack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Spec cases T41-T51: batches, implicit batching in effects and cleanups, and errors
 * during a flush.
 */
class BatchTests {

	/** A throwable that is not a {@link RuntimeException}. */
	static final class BodyError extends Error {

		private static final long serialVersionUID = 1L;

		BodyError(String message) {
			super(message);
		}

	}

	private static Effect counting(AtomicInteger runs, ReadSignal<?>... deps) {
		return effect(() -> {
			runs.incrementAndGet();
			for (ReadSignal<?> dep : deps) {
				dep.get();
			}
		});
	}

	// ---------------------------------------------------------------- T41

	@Test
	@DisplayName("T41 nested batches flush once, at the end of the outermost batch")
	void T41_nestedBatchesFlushOnceAtOutermostEnd() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = counting(runs, a);
		batch(() -> {
			a.set(1);
			batch(() -> a.set(2));
			assertThat(runs).hasValue(1);
			a.set(3);
			assertThat(runs).hasValue(1);
		});
		assertThat(runs).hasValue(2);
		assertThat(a.get()).isEqualTo(3);
		e.dispose();
	}

	@Test
	@DisplayName("T41 two signals written in one batch give one effect run")
	void T41_twoSignalsInOneBatchGiveOneRun() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		List<String> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(a.get() + "," + b.get()));
		batch(() -> {
			a.set(1);
			b.set(2);
		});
		assertThat(seen).containsExactly("0,0", "1,2");
		e.dispose();
	}

	@Test
	@DisplayName("T41 CHOICE batch(Supplier) returns the body's result, also when nested")
	void T41_batchSupplierReturnsResult() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = counting(runs, a);
		String outer = batch(() -> {
			int inner = batch(() -> {
				a.set(5);
				return a.get() * 2;
			});
			assertThat(runs).hasValue(1);
			return "inner=" + inner;
		});
		assertThat(outer).isEqualTo("inner=10");
		assertThat(runs).hasValue(2);
		e.dispose();
	}

	// ---------------------------------------------------------------- T42

	@Test
	@DisplayName("T42 reads inside a batch see the values written so far")
	void T42_readsInsideBatchSeeNewValues() {
		Signal<Integer> a = signal(0);
		batch(() -> {
			a.set(1);
			assertThat(a.get()).isEqualTo(1);
			a.set(2);
			assertThat(a.get()).isEqualTo(2);
		});
		assertThat(a.get()).isEqualTo(2);
	}

	@Test
	@DisplayName("T42 a memo chain read mid-batch is fresh up to the read node; the rest runs once after the batch")
	void T42_memoChainReadInsideBatchIsFresh() {
		Signal<String> a = signal("a");
		AtomicInteger nb = new AtomicInteger();
		AtomicInteger nc = new AtomicInteger();
		AtomicInteger nd = new AtomicInteger();
		AtomicInteger ne = new AtomicInteger();
		Memo<String> b = memo(() -> {
			nb.incrementAndGet();
			return a.get();
		});
		Memo<String> c = memo(() -> {
			nc.incrementAndGet();
			return b.get();
		});
		Memo<String> d = memo(() -> {
			nd.incrementAndGet();
			return c.get();
		});
		Memo<String> e = memo(() -> {
			ne.incrementAndGet();
			return d.get();
		});
		List<String> seen = new ArrayList<>();
		Effect fx = effect(() -> seen.add(e.get()));

		batch(() -> {
			a.set("aa");
			assertThat(c.get()).isEqualTo("aa");
			assertThat(nd).hasValue(1);
			assertThat(ne).hasValue(1);
			assertThat(seen).containsExactly("a");
		});
		assertThat(seen).containsExactly("a", "aa");
		assertThat(nb).hasValue(2);
		assertThat(nc).hasValue(2);
		assertThat(nd).hasValue(2);
		assertThat(ne).hasValue(2);
		fx.dispose();
	}

	@Test
	@DisplayName("T42 batch{a=5; read c} with b=a+1, c=b*2 gives 12 and b==6")
	void T42_memoReadInsideBatchUsesBatchedWrite() {
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(() -> a.get() + 1);
		Memo<Integer> c = memo(() -> b.get() * 2);
		assertThat(c.get()).isEqualTo(2);
		int inside = batch(() -> {
			a.set(5);
			return c.get();
		});
		assertThat(inside).isEqualTo(12);
		assertThat(b.get()).isEqualTo(6);
	}

	// ---------------------------------------------------------------- T43

	@Test
	@DisplayName("T43 pulling a memo inside a batch does not flush effects early")
	void T43_pullingMemoInsideBatchDoesNotFlushEffects() {
		Signal<Integer> a = signal(0);
		Memo<Integer> c1 = memo(() -> a.get() + 1);
		Memo<Integer> c2 = memo(() -> a.get() * 2);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(c2.get()));
		batch(() -> {
			a.set(5);
			assertThat(c1.get()).isEqualTo(6);
			assertThat(c2.get()).isEqualTo(10);
			assertThat(seen).containsExactly(0);
		});
		assertThat(seen).containsExactly(0, 10);
		e.dispose();
	}

	@Test
	@DisplayName("T43 an effect on double and triple never records a stale pair after a mid-batch get")
	void T43_noStalePairAfterGetInsideBatch() {
		Signal<Integer> counter = signal(0);
		Memo<Integer> twice = memo(() -> counter.get() * 2);
		Memo<Integer> thrice = memo(() -> counter.get() * 3);
		List<List<Integer>> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(List.of(twice.get(), thrice.get())));
		batch(() -> {
			counter.set(1);
			assertThat(twice.get()).isEqualTo(2);
		});
		assertThat(seen).containsExactly(List.of(0, 0), List.of(2, 3));
		e.dispose();
	}

	@Test
	@DisplayName("T43 an effect on double and triple never records a stale pair after a mid-batch peek")
	void T43_noStalePairAfterPeekInsideBatch() {
		Signal<Integer> counter = signal(0);
		Memo<Integer> twice = memo(() -> counter.get() * 2);
		Memo<Integer> thrice = memo(() -> counter.get() * 3);
		List<List<Integer>> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(List.of(twice.get(), thrice.get())));
		batch(() -> {
			counter.set(1);
			assertThat(twice.peek()).isEqualTo(2);
		});
		assertThat(seen).containsExactly(List.of(0, 0), List.of(2, 3));
		e.dispose();
	}

	// ---------------------------------------------------------------- T44

	@Test
	@DisplayName("T44 intermediate values written in a batch are never observed")
	void T44_intermediateValuesAreNeverObserved() {
		Signal<Integer> a = signal(0);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(a.get()));
		batch(() -> {
			a.set(1);
			a.set(2);
			a.set(3);
		});
		assertThat(seen).containsExactly(0, 3);
		e.dispose();
	}

	// ---------------------------------------------------------------- T45

	@Test
	@DisplayName("T45 a net-zero batch runs no effect and does not even recompute the memo")
	void T45_netZeroBatchRunsNothing() {
		Signal<Integer> a = signal(0);
		AtomicInteger cc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			cc.incrementAndGet();
			return a.get();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = counting(runs, c);
		cc.set(0);

		batch(() -> {
			a.set(5);
			a.set(0);
		});
		assertThat(runs).hasValue(1);
		assertThat(cc).hasValue(0);

		for (int i = 0; i < 3; i++) {
			batch(() -> {
				a.set(5);
				a.set(0);
			});
		}
		assertThat(runs).hasValue(1);
		assertThat(cc).hasValue(0);
		e.dispose();
	}

	@Test
	@DisplayName("T45 a net-zero batch on a signal read directly by the effect runs nothing")
	void T45_netZeroBatchOnDirectDependencyRunsNothing() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = counting(runs, a);
		batch(() -> {
			a.set(5);
			a.set(0);
		});
		batch(() -> {
			a.set(7);
			a.set(0);
		});
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T45 a batch that leaves a memo's value unchanged (a+b) runs no effect")
	void T45_compensatingWritesRunNoEffect() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return a.get() + b.get();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = counting(runs, c);
		batch(() -> {
			a.set(1);
			b.set(-1);
		});
		assertThat(c.get()).isEqualTo(0);
		assertThat(nc).hasValue(2);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T45 a reverted write plus a real one in the same batch gives exactly one run")
	void T45_revertedWritePlusRealWriteGivesOneRun() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		List<String> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(a.get() + "," + b.get()));
		batch(() -> {
			a.set(5);
			a.set(0);
			b.set(20);
		});
		assertThat(seen).containsExactly("0,0", "0,20");
		e.dispose();
	}

	@Test
	@DisplayName("T45 an unsubscribed memo read during a reverted batch stays coherent (B!, A!, then C!)")
	void T45_unsubscribedMemoReadDuringRevertedBatchStaysCoherent() {
		Signal<String> a = signal("A");
		AtomicInteger n = new AtomicInteger();
		Memo<String> c = memo(() -> {
			n.incrementAndGet();
			return a.get() + "!";
		});
		assertThat(c.get()).isEqualTo("A!");
		batch(() -> {
			a.set("B");
			assertThat(c.get()).isEqualTo("B!");
			a.set("A");
		});
		assertThat(c.get()).isEqualTo("A!");
		a.set("C");
		assertThat(c.get()).isEqualTo("C!");
		assertThat(n).hasValue(4);
	}

	@Test
	@DisplayName("T45 an unsubscribed memo peeked during a reverted batch stays coherent (B!, A!, then C!)")
	void T45_unsubscribedMemoPeekedDuringRevertedBatchStaysCoherent() {
		Signal<String> a = signal("A");
		Memo<String> c = memo(() -> a.get() + "!");
		assertThat(c.peek()).isEqualTo("A!");
		batch(() -> {
			a.set("B");
			assertThat(c.peek()).isEqualTo("B!");
			a.set("A");
		});
		assertThat(c.peek()).isEqualTo("A!");
		a.set("C");
		assertThat(c.peek()).isEqualTo("C!");
		assertThat(c.get()).isEqualTo("C!");
	}

	// ---------------------------------------------------------------- T46

	@Test
	@DisplayName("T46 an effect created inside a batch runs immediately")
	void T46_effectCreatedInBatchRunsImmediately() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect[] created = new Effect[1];
		batch(() -> {
			created[0] = counting(runs, a);
			assertThat(runs).hasValue(1);
			a.set(1);
			assertThat(runs).hasValue(1);
		});
		assertThat(runs).hasValue(2);
		a.set(2);
		assertThat(runs).hasValue(3);
		created[0].dispose();
	}

	@Test
	@DisplayName("T46 an effect created inside a batch sees the writes made earlier in the batch")
	void T46_effectCreatedInBatchSeesBatchedWrites() {
		Signal<Integer> a = signal(0);
		AtomicReference<Integer> seen = new AtomicReference<>();
		AtomicInteger runs = new AtomicInteger();
		Effect e = batch(() -> {
			a.set(42);
			Effect fx = effect(() -> {
				runs.incrementAndGet();
				seen.set(a.get());
			});
			assertThat(seen).hasValue(42);
			return fx;
		});
		assertThat(seen).hasValue(42);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	// ---------------------------------------------------------------- T47

	@Test
	@DisplayName("T47 disposing an effect after a write in the same batch wins: no run")
	void T47_disposeAfterWriteInBatchWins() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = counting(runs, a);
		batch(() -> {
			a.set(1);
			e.dispose();
		});
		assertThat(runs).hasValue(1);
		a.set(2);
		assertThat(runs).hasValue(1);
	}

	@Test
	@DisplayName("T47 write, dispose, write again in one batch: no run")
	void T47_writeDisposeWriteInBatchRunsNothing() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = counting(runs, a);
		batch(() -> {
			a.set(1);
			e.dispose();
			a.set(2);
		});
		assertThat(runs).hasValue(1);
		assertThat(e.isDisposed()).isTrue();
		a.set(3);
		assertThat(runs).hasValue(1);
	}

	// ---------------------------------------------------------------- T48

	@Test
	@DisplayName("T48 a RuntimeException in the batch body: writes kept, pending effects run once, exception propagates")
	void T48_runtimeExceptionInBatchBody() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger runsA = new AtomicInteger();
		AtomicInteger runsB = new AtomicInteger();
		Effect ea = counting(runsA, a);
		Effect eb = counting(runsB, b);
		IllegalStateException boom = new IllegalStateException("boom");

		Throwable thrown = catchThrowable(() -> batch(() -> {
			a.update((x) -> x + 1);
			b.update((x) -> x + 1);
			throw boom;
		}));
		assertThat(thrown).isSameAs(boom);
		assertThat(boom.getSuppressed()).isEmpty();
		assertThat(a.get()).isEqualTo(1);
		assertThat(b.get()).isEqualTo(1);
		assertThat(runsA).hasValue(2);
		assertThat(runsB).hasValue(2);

		a.set(5);
		assertThat(runsA).hasValue(3);
		b.set(5);
		assertThat(runsB).hasValue(3);
		ea.dispose();
		eb.dispose();
	}

	@Test
	@DisplayName("T48 an Error (not a RuntimeException) in the batch body: writes kept, effects run, the Error propagates")
	void T48_errorInBatchBody() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger runsA = new AtomicInteger();
		AtomicInteger runsB = new AtomicInteger();
		Effect ea = counting(runsA, a);
		Effect eb = counting(runsB, b);
		BodyError boom = new BodyError("boom");

		Throwable thrown = catchThrowable(() -> batch((Runnable) () -> {
			a.update((x) -> x + 1);
			b.update((x) -> x + 1);
			throw boom;
		}));
		assertThat(thrown).isSameAs(boom);
		assertThat(a.get()).isEqualTo(1);
		assertThat(b.get()).isEqualTo(1);
		assertThat(runsA).hasValue(2);
		assertThat(runsB).hasValue(2);

		batch(() -> {
			a.set(7);
			b.set(7);
		});
		assertThat(runsA).hasValue(3);
		assertThat(runsB).hasValue(3);
		ea.dispose();
		eb.dispose();
	}

	@Test
	@DisplayName("T48 an exception thrown by a nested batch and caught by the outer one defers the effects to the outer end")
	void T48_exceptionFromNestedBatchCaughtByOuterBatch() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = counting(runs, a);
		batch(() -> {
			Throwable thrown = catchThrowable(() -> batch(() -> {
				a.set(1);
				throw new IllegalArgumentException("inner");
			}));
			assertThat(thrown).hasMessage("inner");
			assertThat(runs).hasValue(1);
			a.set(2);
		});
		assertThat(runs).hasValue(2);
		assertThat(a.get()).isEqualTo(2);
		e.dispose();
	}

	// ---------------------------------------------------------------- T49

	@Test
	@DisplayName("T49 effects scheduled before a thrower run, the error reaches the writer, and no stale queue remains")
	void T49_throwingEffectSurfacesToWriterAndLeavesNoStaleQueue() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		RuntimeException boom = new IllegalStateException("boom");
		AtomicInteger before = new AtomicInteger();
		AtomicInteger thrower = new AtomicInteger();
		AtomicInteger effect3 = new AtomicInteger();
		AtomicInteger onB = new AtomicInteger();
		Effect e1 = counting(before, a);
		Effect e2 = effect(() -> {
			thrower.incrementAndGet();
			if (a.get() == 1) {
				throw boom;
			}
		});
		Effect e3 = counting(effect3, a);
		Effect e4 = counting(onB, b);

		Throwable thrown = catchThrowable(() -> a.set(1));
		assertThat(thrown).isSameAs(boom);
		assertThat(a.get()).isEqualTo(1);
		assertThat(before).hasValue(2);
		assertThat(thrower).hasValue(2);
		assertThat(effect3).hasValue(2);

		// the failed flush left nothing queued and no batch open
		b.set(1);
		assertThat(onB).hasValue(2);
		assertThat(before).hasValue(2);
		assertThat(thrower).hasValue(2);
		assertThat(effect3).hasValue(2);

		a.set(2);
		assertThat(before).hasValue(3);
		assertThat(effect3).hasValue(3);
		e1.dispose();
		e2.dispose();
		e3.dispose();
		e4.dispose();
	}

	@Test
	@DisplayName("T49 CHOICE the flush continues past throwing effects; the first error is rethrown with the others suppressed")
	void T49_flushContinuesAndRethrowsFirstWithOthersSuppressed() {
		Signal<Integer> a = signal(0);
		RuntimeException first = new IllegalStateException("first");
		RuntimeException second = new IllegalArgumentException("second");
		BodyError third = new BodyError("third");
		List<String> order = new ArrayList<>();
		AtomicInteger spy1 = new AtomicInteger();
		AtomicInteger spy2 = new AtomicInteger();
		List<Effect> effects = new ArrayList<>();
		effects.add(effect(() -> {
			if (a.get() != 0) {
				order.add("t1");
				throw first;
			}
		}));
		effects.add(effect(() -> {
			a.get();
			spy1.incrementAndGet();
			order.add("s1");
		}));
		effects.add(effect(() -> {
			if (a.get() != 0) {
				order.add("t2");
				throw second;
			}
		}));
		effects.add(effect(() -> {
			a.get();
			spy2.incrementAndGet();
			order.add("s2");
		}));
		effects.add(effect(() -> {
			if (a.get() != 0) {
				order.add("t3");
				throw third;
			}
		}));
		order.clear();

		Throwable thrown = catchThrowable(() -> a.set(1));
		assertThat(thrown).isSameAs(first);
		assertThat(thrown.getSuppressed()).containsExactly(second, third);
		assertThat(order).containsExactly("t1", "s1", "t2", "s2", "t3");
		assertThat(spy1).hasValue(2);
		assertThat(spy2).hasValue(2);
		effects.forEach(Effect::dispose);
	}

	@Test
	@DisplayName("T49 an effect throwing during the flush of a batch surfaces from the batch, after all effects ran")
	void T49_throwingEffectSurfacesFromBatch() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		RuntimeException boom = new IllegalStateException("boom");
		AtomicInteger onB = new AtomicInteger();
		Effect thrower = effect(() -> {
			if (a.get() == 1) {
				throw boom;
			}
		});
		Effect spy = counting(onB, b);

		Throwable thrown = catchThrowable(() -> batch(() -> {
			a.set(1);
			b.set(1);
		}));
		assertThat(thrown).isSameAs(boom);
		assertThat(onB).hasValue(2);
		b.set(2);
		assertThat(onB).hasValue(3);
		thrower.dispose();
		spy.dispose();
	}

	// ---------------------------------------------------------------- T50

	@Test
	@DisplayName("T50 an effect writing two signals: a reader of both sees 11,12 and runs once")
	void T50_effectWritingTwoSignalsIsBatched() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		Signal<Integer> c = signal(0);
		Effect writer = effect(() -> {
			int v = a.get();
			b.set(v + 1);
			c.set(v + 2);
		});
		List<String> seen = new ArrayList<>();
		Effect reader = effect(() -> seen.add(b.get() + "," + c.get()));
		assertThat(seen).containsExactly("1,2");

		a.set(10);
		assertThat(seen).containsExactly("1,2", "11,12");
		writer.dispose();
		reader.dispose();
	}

	@Test
	@DisplayName("T50 an effect writing one signal twice: an effect on it runs once with the last value")
	void T50_effectWritingSignalTwiceIsBatched() {
		Signal<Integer> trigger = signal(0);
		Signal<Integer> a = signal(0);
		Effect writer = effect(() -> {
			int t = trigger.get();
			if (t > 0) {
				a.set(t * 10);
				a.set(t * 10 + 1);
			}
		});
		List<Integer> seen = new ArrayList<>();
		Effect reader = effect(() -> seen.add(a.get()));

		trigger.set(1);
		assertThat(seen).containsExactly(0, 11);
		trigger.set(2);
		assertThat(seen).containsExactly(0, 11, 21);
		writer.dispose();
		reader.dispose();
	}

	@Test
	@DisplayName("T50 two writes in a cleanup (dispose and re-run): the dependent effect runs once each time")
	void T50_writesInCleanupAreBatched() {
		Signal<String> x = signal("");
		Signal<String> y = signal("");
		Signal<Integer> trigger = signal(0);
		List<String> seen = new ArrayList<>();
		Effect reader = effect(() -> seen.add(x.get() + y.get()));
		Effect owner = effect(() -> {
			int run = trigger.get();
			onCleanup(() -> {
				x.set("x" + run);
				y.set("y" + run);
			});
		});
		assertThat(seen).containsExactly("");

		trigger.set(1);
		assertThat(seen).containsExactly("", "x0y0");

		owner.dispose();
		assertThat(seen).containsExactly("", "x0y0", "x1y1");
		reader.dispose();
	}

	@Test
	@DisplayName("T50 two writes in the cleanup of a disposed effect: the dependent effect runs once with xy")
	void T50_writesInDisposalCleanupGiveXy() {
		Signal<String> x = signal("");
		Signal<String> y = signal("");
		List<String> seen = new ArrayList<>();
		Effect reader = effect(() -> seen.add(x.get() + y.get()));
		Effect owner = effect(() -> onCleanup(() -> {
			x.set("x");
			y.set("y");
		}));
		owner.dispose();
		assertThat(seen).containsExactly("", "xy");
		reader.dispose();
	}

	@Test
	@DisplayName("T50 CHOICE an effect writing two signals feeding one memo: the downstream effect runs once (batched)")
	void T50_downstreamMemoOfTwoWrittenSignalsRunsEffectOnce() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		Signal<Integer> c = signal(0);
		Effect writer = effect(() -> {
			int v = a.get();
			b.set(v + 1);
			c.set(v + 2);
		});
		AtomicInteger sums = new AtomicInteger();
		Memo<Integer> sum = memo(() -> {
			sums.incrementAndGet();
			return b.get() + c.get();
		});
		List<Integer> seen = new ArrayList<>();
		Effect reader = effect(() -> seen.add(sum.get()));
		assertThat(seen).containsExactly(3);

		a.set(1);
		assertThat(seen).containsExactly(3, 5);
		assertThat(sums).hasValue(2);

		a.set(10);
		assertThat(seen).containsExactly(3, 5, 23);
		assertThat(sums).hasValue(3);
		writer.dispose();
		reader.dispose();
	}

	// ---------------------------------------------------------------- T51

	@Test
	@DisplayName("T51 a batch inside untrack still flushes once: one run, a==3")
	void T51_batchInsideUntrackFlushesOnce() {
		Signal<Integer> a = signal(0);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(a.get()));
		untrack(() -> {
			batch(() -> {
				a.set(1);
				a.set(2);
				a.set(3);
			});
			return null;
		});
		assertThat(seen).containsExactly(0, 3);
		assertThat(a.get()).isEqualTo(3);
		e.dispose();
	}

	@Test
	@DisplayName("T51 an effect reading a tracked and b untracked: batch{b} runs nothing, batch{b; a} runs once")
	void T51_untrackedReadInEffectWithBatches() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		List<String> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(a.get() + "," + untrack(b::get)));

		batch(() -> b.set(1));
		assertThat(seen).containsExactly("0,0");

		batch(() -> {
			b.set(2);
			a.set(1);
		});
		assertThat(seen).containsExactly("0,0", "1,2");
		e.dispose();
	}

}
