package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.createRoot;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.getOwner;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.onCleanup;
import static dev.philjs.core.Reactive.signal;
import static dev.philjs.core.Reactive.untrack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec cases T52-T55: untracked reads create no dependency and do not change the owner.
 */
class UntrackTests {

	// ---------------------------------------------------------------- T52

	@Test
	@DisplayName("T52 an untracked read in an effect creates no edge")
	void T52_untrackedReadInEffectCreatesNoEdge() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		List<String> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(a.get() + "," + untrack(b::get)));

		b.set(1);
		assertThat(seen).containsExactly("0,0");

		a.set(1);
		assertThat(seen).containsExactly("0,0", "1,1");
		e.dispose();
	}

	@Test
	@DisplayName("T52 an untracked read in a memo creates no edge (unwatched)")
	void T52_untrackedReadInMemoCreatesNoEdge() {
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(2);
		AtomicInteger runs = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			runs.incrementAndGet();
			return a.get() + untrack(b::get);
		});
		assertThat(c.get()).isEqualTo(3);

		b.set(20);
		assertThat(c.get()).isEqualTo(3);
		assertThat(runs).hasValue(1);

		a.set(10);
		assertThat(c.get()).isEqualTo(30);
		assertThat(runs).hasValue(2);
	}

	@Test
	@DisplayName("T52 an untracked read in a memo creates no edge (watched by an effect)")
	void T52_untrackedReadInMemoCreatesNoEdgeWhileWatched() {
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(2);
		AtomicInteger runs = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			runs.incrementAndGet();
			return a.get() + untrack(b::get);
		});
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(c.get()));

		b.set(20);
		assertThat(runs).hasValue(1);
		assertThat(seen).containsExactly(3);

		a.set(10);
		assertThat(runs).hasValue(2);
		assertThat(seen).containsExactly(3, 30);
		e.dispose();
	}

	@Test
	@DisplayName("T52 an effect whose whole body is untracked runs once only")
	void T52_whollyUntrackedEffectRunsOnce() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> untrack(() -> {
			runs.incrementAndGet();
			return a.get() + b.get();
		}));
		a.set(1);
		b.set(2);
		a.set(3);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	// ---------------------------------------------------------------- T53

	@Test
	@DisplayName("T53 untrack is transitive: an effect reading a memo untracked never re-runs on the memo's sources")
	void T53_untrackedMemoReadInEffectIsTransitive() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() * 2);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(untrack(b::get)));
		a.set(2);
		a.set(3);
		assertThat(seen).containsExactly(2);
		assertThat(b.get()).isEqualTo(6);
		e.dispose();
	}

	@Test
	@DisplayName("T53 peek is transitive: an effect peeking a memo never re-runs on the memo's sources")
	void T53_peekedMemoInEffectIsTransitive() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() * 2);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(b.peek()));
		a.set(2);
		a.set(3);
		assertThat(seen).containsExactly(2);
		e.dispose();
	}

	@Test
	@DisplayName("T53 a memo peeking or untracking a memo does not depend on that memo's sources")
	void T53_memoPeekingMemoIsTransitive() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() * 2);
		AtomicInteger peeks = new AtomicInteger();
		AtomicInteger untracks = new AtomicInteger();
		Memo<Integer> viaPeek = memo(() -> {
			peeks.incrementAndGet();
			return b.peek() + 1;
		});
		Memo<Integer> viaUntrack = memo(() -> {
			untracks.incrementAndGet();
			return untrack(b::get) + 1;
		});
		List<String> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(viaPeek.get() + "," + viaUntrack.get()));

		a.set(2);
		a.set(3);
		assertThat(viaPeek.get()).isEqualTo(3);
		assertThat(viaUntrack.get()).isEqualTo(3);
		assertThat(peeks).hasValue(1);
		assertThat(untracks).hasValue(1);
		assertThat(seen).containsExactly("3,3");
		assertThat(b.get()).isEqualTo(6);
		e.dispose();
	}

	// ---------------------------------------------------------------- T54

	@Test
	@DisplayName("T54 an effect may write a signal inside untrack: no throw, no self-loop")
	void T54_writeInsideUntrackInEffectIsAllowed() {
		Signal<Integer> a = signal(1);
		Signal<Integer> t = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			a.get();
			untrack(() -> {
				t.set(t.get() + 1);
				return null;
			});
		});
		assertThat(t.get()).isEqualTo(1);

		a.set(2);
		assertThat(t.get()).isEqualTo(2);
		a.set(3);
		assertThat(t.get()).isEqualTo(3);
		assertThat(runs).hasValue(3);
		e.dispose();
	}

	// ---------------------------------------------------------------- T55

	@Test
	@DisplayName("T55 (i) an effect created inside untrack that reads untracked is not re-run")
	void T55_i_untrackedReadInEffectCreatedInsideUntrack() {
		Signal<Integer> s = signal(1);
		AtomicInteger runs = new AtomicInteger();
		Effect e = untrack(() -> effect(() -> {
			runs.incrementAndGet();
			untrack(s::get);
		}));
		s.set(2);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T55 (i) untrack does not leak into an effect created inside it: its tracked reads still track")
	void T55_i_untrackDoesNotLeakIntoNestedEffect() {
		Signal<Integer> s = signal(1);
		List<Integer> seen = new ArrayList<>();
		Effect e = untrack(() -> effect(() -> seen.add(s.get())));
		s.set(2);
		assertThat(seen).containsExactly(1, 2);
		e.dispose();
	}

	@Test
	@DisplayName("T55 (ii) a child created inside untrack under a root keeps the root as owner and is disposed with it")
	void T55_ii_untrackKeepsOwnerUnderRoot() {
		Signal<Integer> x = signal(0);
		List<Integer> computed = new ArrayList<>();
		AtomicInteger disposals = new AtomicInteger();
		AtomicReference<Owner> rootOwner = new AtomicReference<>();
		AtomicReference<Owner> ownerInUntrack = new AtomicReference<>();
		Disposable root = createRoot((dispose) -> {
			rootOwner.set(getOwner());
			untrack(() -> {
				ownerInUntrack.set(getOwner());
				Memo<Integer> doubled = memo(() -> x.get() * 2);
				effect(() -> {
					computed.add(doubled.get());
					onCleanup(disposals::incrementAndGet);
				});
				return null;
			});
			return dispose;
		});
		assertThat(rootOwner.get()).isNotNull();
		assertThat(ownerInUntrack.get()).isSameAs(rootOwner.get());
		assertThat(computed).containsExactly(0);

		x.set(1);
		assertThat(computed).containsExactly(0, 2);
		assertThat(disposals).hasValue(1);

		root.dispose();
		assertThat(disposals).hasValue(2);

		x.set(2);
		assertThat(computed).containsExactly(0, 2);
		assertThat(computed).doesNotContain(4);
		assertThat(disposals).hasValue(2);
	}

	@Test
	@DisplayName("T55 (ii) a child effect created inside untrack in an effect is owned by it and disposed before its re-run")
	void T55_ii_untrackKeepsOwnerInsideEffect() {
		Signal<Integer> p = signal(0);
		Signal<Integer> q = signal(0);
		AtomicInteger childRuns = new AtomicInteger();
		AtomicInteger childDisposals = new AtomicInteger();
		AtomicReference<Owner> parentOwner = new AtomicReference<>();
		AtomicReference<Owner> childParent = new AtomicReference<>();
		Effect parent = effect(() -> {
			p.get();
			parentOwner.set(getOwner());
			untrack(() -> effect(() -> {
				childParent.set(getOwner().parent());
				childRuns.incrementAndGet();
				q.get();
				onCleanup(childDisposals::incrementAndGet);
			}));
		});
		assertThat(childParent.get()).isSameAs(parentOwner.get());
		assertThat(childRuns).hasValue(1);

		p.set(1);
		assertThat(childDisposals).hasValue(1);
		assertThat(childRuns).hasValue(2);

		q.set(1);
		assertThat(childRuns).hasValue(3);

		parent.dispose();
		assertThat(childDisposals).hasValue(3);
		q.set(2);
		assertThat(childRuns).hasValue(3);
	}

	@Test
	@DisplayName("T55 (iii) a memo x + untrack(y) + untrack(z) recomputes only when x changes")
	void T55_iii_memoRecomputesOnlyOnTrackedSource() {
		Signal<Integer> x = signal(1);
		Signal<Integer> y = signal(10);
		Signal<Integer> z = signal(100);
		AtomicInteger runs = new AtomicInteger();
		Memo<Integer> m = memo(() -> {
			runs.incrementAndGet();
			return x.get() + untrack(y::get) + untrack(z::get);
		});
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(m.get()));
		assertThat(seen).containsExactly(111);

		y.set(20);
		z.set(200);
		assertThat(m.get()).isEqualTo(111);
		assertThat(runs).hasValue(1);
		assertThat(seen).containsExactly(111);

		x.set(2);
		assertThat(m.get()).isEqualTo(222);
		assertThat(runs).hasValue(2);
		assertThat(seen).containsExactly(111, 222);
		e.dispose();
	}

}
