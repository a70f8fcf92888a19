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
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec cases T30-T40: dependencies follow what the last run actually read.
 */
class DynamicDependencyTests {

	// ---------------------------------------------------------------- T30

	@Test
	@DisplayName("T30 only the active branch of a memo triggers a recompute (unwatched)")
	void T30_onlyActiveBranchTriggersRecompute() {
		Signal<Boolean> cond = signal(true);
		Signal<String> a = signal("a");
		Signal<String> b = signal("b");
		AtomicInteger runs = new AtomicInteger();
		Memo<String> c = memo(() -> {
			runs.incrementAndGet();
			return cond.get() ? a.get() : b.get();
		});
		assertThat(c.get()).isEqualTo("a");
		assertThat(runs).hasValue(1);

		b.set("b2");
		assertThat(c.get()).isEqualTo("a");
		assertThat(runs).hasValue(1);

		a.set("a2");
		assertThat(c.get()).isEqualTo("a2");
		assertThat(runs).hasValue(2);
	}

	@Test
	@DisplayName("T30 only the active branch of a memo triggers a recompute (watched by an effect)")
	void T30_onlyActiveBranchTriggersRecomputeWhileWatched() {
		Signal<Boolean> cond = signal(true);
		Signal<String> a = signal("a");
		Signal<String> b = signal("b");
		AtomicInteger runs = new AtomicInteger();
		Memo<String> c = memo(() -> {
			runs.incrementAndGet();
			return cond.get() ? a.get() : b.get();
		});
		List<String> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(c.get()));

		b.set("b2");
		assertThat(runs).hasValue(1);
		assertThat(seen).containsExactly("a");

		a.set("a2");
		assertThat(runs).hasValue(2);
		assertThat(seen).containsExactly("a", "a2");
		e.dispose();
	}

	// ---------------------------------------------------------------- T31

	@Test
	@DisplayName("T31 switching a memo's branch drops the old dependency and adds the new one")
	void T31_memoBranchSwitchDropsOldAndAddsNewDependencies() {
		Signal<Boolean> cond = signal(true);
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(10);
		AtomicInteger runs = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			runs.incrementAndGet();
			return cond.get() ? a.get() : b.get();
		});
		assertThat(c.get()).isEqualTo(1);

		cond.set(false);
		assertThat(c.get()).isEqualTo(10);
		runs.set(0);

		a.set(2);
		assertThat(c.get()).isEqualTo(10);
		assertThat(runs).hasValue(0);

		b.set(20);
		assertThat(c.get()).isEqualTo(20);
		assertThat(runs).hasValue(1);
	}

	@Test
	@DisplayName("T31 switching an effect's branch drops the old dependency and adds the new one")
	void T31_effectBranchSwitchDropsOldAndAddsNewDependencies() {
		Signal<Boolean> cond = signal(true);
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(10);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(cond.get() ? a.get() : b.get()));
		assertThat(seen).containsExactly(1);

		cond.set(false);
		assertThat(seen).containsExactly(1, 10);

		a.set(2);
		assertThat(seen).containsExactly(1, 10);

		b.set(20);
		assertThat(seen).containsExactly(1, 10, 20);
		e.dispose();
	}

	// ---------------------------------------------------------------- T32

	@Test
	@DisplayName("T32 a lazy branch through a memo gives 0, 1, 0 for a = 0, 1, 0")
	void T32_lazyBranchGivesCorrectValues() {
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(a::get);
		Memo<Integer> c = memo(() -> (a.get() > 0) ? a.get() : b.get());
		assertThat(c.get()).isEqualTo(0);
		a.set(1);
		assertThat(c.get()).isEqualTo(1);
		a.set(0);
		assertThat(c.get()).isEqualTo(0);
	}

	@Test
	@DisplayName("T32 a lazy branch through a memo gives 0, 1, 0 while watched by an effect")
	void T32_lazyBranchGivesCorrectValuesWhileWatched() {
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(a::get);
		Memo<Integer> c = memo(() -> (a.get() > 0) ? a.get() : b.get());
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(c.get()));
		a.set(1);
		a.set(0);
		assertThat(seen).containsExactly(0, 1, 0);
		e.dispose();
	}

	// ---------------------------------------------------------------- T33

	/** An immutable holder standing in for an object with one field. */
	private record Box(int v) {
	}

	@Test
	@DisplayName("T33 (i) a memo behind a branch that is no longer reached is not re-evaluated")
	void T33_i_memoOnUnreachedBranchIsNotReevaluated() {
		Signal<Box> a = signal(new Box(1));
		Memo<Box> b = memo(a::get);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			Box box = b.get();
			return (box != null) ? box.v() : null;
		});
		Memo<Integer> d = memo(() -> (b.get() != null) ? c.get() : 0);
		assertThat(d.get()).isEqualTo(1);
		assertThat(nc).hasValue(1);

		a.set(null);
		assertThat(d.get()).isEqualTo(0);
		assertThat(nc).hasValue(1);
	}

	@Test
	@DisplayName("T33 (i) effect version: a memo behind a no longer reached branch is not re-evaluated")
	void T33_i_effectVersionMemoOnUnreachedBranchIsNotReevaluated() {
		Signal<Box> a = signal(new Box(1));
		Memo<Box> b = memo(a::get);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			Box box = b.get();
			return (box != null) ? box.v() : null;
		});
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add((b.get() != null) ? c.get() : 0));
		assertThat(seen).containsExactly(1);
		assertThat(nc).hasValue(1);

		a.set(null);
		assertThat(seen).containsExactly(1, 0);
		assertThat(nc).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T33 (ii) out of order: a batch that changes the branch condition skips the memo")
	void T33_ii_batchChangingConditionSkipsMemoOnOldBranch() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			b.get();
			return nc.incrementAndGet();
		});
		Memo<Object> d = memo(() -> (a.get() == 0) ? c.get() : "_");
		assertThat(d.get()).isEqualTo(1);
		assertThat(nc).hasValue(1);

		batch(() -> {
			b.set(1);
			a.set(1);
		});
		assertThat(d.get()).isEqualTo("_");
		assertThat(nc).hasValue(1);
	}

	@Test
	@DisplayName("T33 (ii) effect version: a batch that changes the branch condition skips the memo")
	void T33_ii_effectVersionBatchChangingConditionSkipsMemoOnOldBranch() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			b.get();
			return nc.incrementAndGet();
		});
		List<Object> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add((a.get() == 0) ? c.get() : "_"));
		assertThat(nc).hasValue(1);

		batch(() -> {
			b.set(1);
			a.set(1);
		});
		assertThat(seen).containsExactly(1, "_");
		assertThat(nc).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T33 (iii) a memo left behind by a branch switch does not run on later writes (unwatched)")
	void T33_iii_memoLeftBehindDoesNotRun() {
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(1);
		Signal<Integer> c = signal(1);
		AtomicInteger nd = new AtomicInteger();
		Memo<Integer> d = memo(() -> {
			nd.incrementAndGet();
			return c.get();
		});
		Memo<Integer> e = memo(() -> (a.get() > 0) ? b.get() + d.get() : b.get());
		assertThat(e.get()).isEqualTo(2);
		assertThat(nd).hasValue(1);

		a.set(-1);
		b.set(-1);
		c.set(-1);
		assertThat(e.get()).isEqualTo(-1);
		assertThat(nd).hasValue(1);
	}

	@Test
	@DisplayName("T33 (iii) a memo left behind by a branch switch does not run on later writes (watched)")
	void T33_iii_memoLeftBehindDoesNotRunWhileWatched() {
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(1);
		Signal<Integer> c = signal(1);
		AtomicInteger nd = new AtomicInteger();
		Memo<Integer> d = memo(() -> {
			nd.incrementAndGet();
			return c.get();
		});
		Memo<Integer> e = memo(() -> (a.get() > 0) ? b.get() + d.get() : b.get());
		List<Integer> seen = new ArrayList<>();
		Effect fx = effect(() -> seen.add(e.get()));
		assertThat(nd).hasValue(1);

		a.set(-1);
		b.set(-1);
		c.set(-1);
		assertThat(seen).containsExactly(2, 1, -1);
		assertThat(nd).hasValue(1);
		fx.dispose();
	}

	@Test
	@DisplayName("T33 (iv) a pending memo on the inactive branch is not re-evaluated (15, then 4 with nb == 1)")
	void T33_iv_pendingMemoOnInactiveBranchIsNotReevaluated() {
		Signal<Integer> s = signal(1);
		Memo<Integer> a = memo(() -> s.get() + 1);
		AtomicInteger nb = new AtomicInteger();
		Memo<Integer> b = memo(() -> {
			nb.incrementAndGet();
			return s.get() + 10;
		});
		Memo<Integer> l = memo(() -> (a.get() % 2 == 1) ? a.get() + b.get() : a.get());
		assertThat(l.get()).isEqualTo(2);
		assertThat(nb).hasValue(0);

		s.set(2);
		assertThat(l.get()).isEqualTo(15);
		assertThat(nb).hasValue(1);

		s.set(3);
		assertThat(l.get()).isEqualTo(4);
		assertThat(nb).hasValue(1);
	}

	@Test
	@DisplayName("T33 (iv) effect version: the pending memo on the inactive branch is not re-evaluated")
	void T33_iv_effectVersionPendingMemoOnInactiveBranchIsNotReevaluated() {
		Signal<Integer> s = signal(1);
		Memo<Integer> a = memo(() -> s.get() + 1);
		AtomicInteger nb = new AtomicInteger();
		Memo<Integer> b = memo(() -> {
			nb.incrementAndGet();
			return s.get() + 10;
		});
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add((a.get() % 2 == 1) ? a.get() + b.get() : a.get()));
		s.set(2);
		s.set(3);
		assertThat(seen).containsExactly(2, 15, 4);
		assertThat(nb).hasValue(1);
		e.dispose();
	}

	// ---------------------------------------------------------------- T34

	@Test
	@DisplayName("T34 a memo dropping a dependency does not remove a sibling's subscription to it")
	void T34_droppingDependencyKeepsSiblingSubscription() {
		Signal<Boolean> toggle = signal(true);
		Signal<Integer> state = signal(1);
		Memo<Integer> p = memo(() -> toggle.get() ? state.get() : 111);
		Memo<Integer> pp = memo(state::get);
		List<Integer> seenP = new ArrayList<>();
		List<Integer> seenPp = new ArrayList<>();
		Effect e1 = effect(() -> seenP.add(p.get()));
		Effect e2 = effect(() -> seenPp.add(pp.get()));

		toggle.set(false);
		state.set(2);
		assertThat(pp.get()).isEqualTo(2);
		assertThat(seenPp).containsExactly(1, 2);
		assertThat(seenP).containsExactly(1, 111);
		e1.dispose();
		e2.dispose();
	}

	@Test
	@DisplayName("T34 one effect: dropping a dependency of p keeps pp subscribed to it")
	void T34_droppingDependencyKeepsSiblingSubscriptionInOneEffect() {
		Signal<Boolean> toggle = signal(true);
		Signal<Integer> state = signal(1);
		Memo<Integer> p = memo(() -> toggle.get() ? state.get() : 111);
		Memo<Integer> pp = memo(state::get);
		List<String> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(p.get() + "/" + pp.get()));

		toggle.set(false);
		state.set(2);
		assertThat(pp.get()).isEqualTo(2);
		assertThat(seen).containsExactly("1/1", "111/1", "111/2");
		e.dispose();
	}

	// ---------------------------------------------------------------- T35

	@Test
	@DisplayName("T35 an effect re-subscribes after a branch round trip and sees the value written meanwhile")
	void T35_resubscribesAfterBranchRoundTrip() {
		Signal<Boolean> flag = signal(true);
		Signal<Integer> src = signal(1);
		Memo<Integer> c = memo(() -> flag.get() ? src.get() : 0);
		AtomicInteger runs = new AtomicInteger();
		AtomicReference<Integer> seen = new AtomicReference<>();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			seen.set(c.get());
		});
		assertThat(seen).hasValue(1);

		flag.set(false);
		assertThat(seen).hasValue(0);
		assertThat(runs).hasValue(2);

		src.set(2);
		assertThat(runs).hasValue(2);

		flag.set(true);
		assertThat(seen).hasValue(2);
		assertThat(runs).hasValue(3);

		src.set(3);
		assertThat(seen).hasValue(3);
		assertThat(runs).hasValue(4);
		e.dispose();
	}

	// ---------------------------------------------------------------- T36

	@Test
	@DisplayName("T36 an effect's dependencies follow its branch")
	void T36_effectDependenciesFollowBranch() {
		Signal<Boolean> cond = signal(false);
		Signal<String> a = signal("a");
		AtomicInteger runs = new AtomicInteger();
		AtomicReference<String> seen = new AtomicReference<>();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			seen.set(cond.get() ? a.get() : "other");
		});
		assertThat(runs).hasValue(1);
		assertThat(seen).hasValue("other");

		a.set("a1");
		assertThat(runs).hasValue(1);

		cond.set(true);
		assertThat(runs).hasValue(2);
		assertThat(seen).hasValue("a1");

		a.set("a2");
		assertThat(runs).hasValue(3);
		assertThat(seen).hasValue("a2");
		e.dispose();
	}

	@Test
	@DisplayName("T36 1000 conditional reads are cleaned up and restored with the branch (runs/total 1/0 ... 5/3000)")
	void T36_thousandConditionalReadsAreCleanedUp() {
		Signal<Boolean> enabled = signal(true);
		Signal<Integer> value = signal(0);
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger total = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			int sum = 0;
			if (enabled.get()) {
				for (int i = 0; i < 1000; i++) {
					sum += value.get();
				}
			}
			total.set(sum);
		});
		assertThat(runs).hasValue(1);
		assertThat(total).hasValue(0);

		value.set(1);
		assertThat(runs).hasValue(2);
		assertThat(total).hasValue(1000);

		enabled.set(false);
		assertThat(runs).hasValue(3);
		assertThat(total).hasValue(0);

		value.set(2);
		assertThat(runs).hasValue(3);

		enabled.set(true);
		assertThat(runs).hasValue(4);
		assertThat(total).hasValue(2000);

		value.set(3);
		assertThat(runs).hasValue(5);
		assertThat(total).hasValue(3000);
		e.dispose();
	}

	// ---------------------------------------------------------------- T37

	@Test
	@DisplayName("T37 reading a signal twice or 1000 times makes one edge: one run per write")
	void T37_duplicateReadsMakeOneEdge() {
		Signal<Integer> a = signal(0);
		AtomicInteger twice = new AtomicInteger();
		AtomicInteger thousand = new AtomicInteger();
		Effect e2 = effect(() -> {
			twice.incrementAndGet();
			a.get();
			a.get();
		});
		Effect e1000 = effect(() -> {
			thousand.incrementAndGet();
			for (int i = 0; i < 1000; i++) {
				a.get();
			}
		});
		a.set(1);
		assertThat(twice).hasValue(2);
		assertThat(thousand).hasValue(2);
		a.set(2);
		assertThat(twice).hasValue(3);
		assertThat(thousand).hasValue(3);

		e2.dispose();
		e1000.dispose();
		a.set(3);
		a.set(4);
		assertThat(twice).hasValue(3);
		assertThat(thousand).hasValue(3);
	}

	@Test
	@DisplayName("T37 a memo read twice by an effect makes one edge")
	void T37_duplicateMemoReadsMakeOneEdge() {
		Signal<Integer> a = signal(0);
		Memo<Integer> m = memo(() -> a.get() * 2);
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			m.get();
			a.get();
			m.get();
		});
		a.set(1);
		assertThat(runs).hasValue(2);
		e.dispose();
		a.set(2);
		assertThat(runs).hasValue(2);
	}

	// ---------------------------------------------------------------- T38

	private static Memo<String> concatOf(Signal<List<Signal<String>>> sources, AtomicInteger runs) {
		return memo(() -> {
			runs.incrementAndGet();
			StringBuilder sb = new StringBuilder();
			for (Signal<String> s : sources.get()) {
				sb.append(s.get());
			}
			return sb.toString();
		});
	}

	private static List<Signal<String>> letters() {
		List<Signal<String>> states = new ArrayList<>();
		for (char ch = 'a'; ch <= 'h'; ch++) {
			states.add(signal(String.valueOf(ch)));
		}
		return states;
	}

	@Test
	@DisplayName("T38 a memo follows a changing list of sources (unwatched)")
	void T38_sourceListChangesUnwatched() {
		List<Signal<String>> s = letters();
		Signal<List<Signal<String>>> sources = signal(s);
		AtomicInteger runs = new AtomicInteger();
		Memo<String> c = concatOf(sources, runs);
		assertThat(c.get()).isEqualTo("abcdefgh");
		sources.set(s.subList(0, 5));
		assertThat(c.get()).isEqualTo("abcde");
		sources.set(s.subList(3, 8));
		assertThat(c.get()).isEqualTo("defgh");
		assertThat(runs).hasValue(3);

		// a and c are no longer sources; e is
		s.get(0).set("A");
		s.get(2).set("C");
		assertThat(c.get()).isEqualTo("defgh");
		assertThat(runs).hasValue(3);
		s.get(4).set("E");
		assertThat(c.get()).isEqualTo("dEfgh");
		assertThat(runs).hasValue(4);
	}

	@Test
	@DisplayName("T38 a memo follows a changing list of sources (watched by an effect)")
	void T38_sourceListChangesWatched() {
		List<Signal<String>> s = letters();
		Signal<List<Signal<String>>> sources = signal(s);
		AtomicInteger runs = new AtomicInteger();
		Memo<String> c = concatOf(sources, runs);
		List<String> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(c.get()));
		sources.set(s.subList(0, 5));
		sources.set(s.subList(3, 8));
		assertThat(seen).containsExactly("abcdefgh", "abcde", "defgh");
		assertThat(runs).hasValue(3);

		s.get(0).set("A");
		s.get(2).set("C");
		assertThat(runs).hasValue(3);
		assertThat(seen).hasSize(3);
		s.get(4).set("E");
		assertThat(seen).containsExactly("abcdefgh", "abcde", "defgh", "dEfgh");
		assertThat(runs).hasValue(4);
		e.dispose();
	}

	// ---------------------------------------------------------------- T39

	@Test
	@DisplayName("T39 a dependency that disappears entirely no longer triggers the memo")
	void T39_dependencyDisappearsEntirely() {
		Signal<Integer> s = signal(1);
		boolean[] done = { false };
		AtomicInteger count = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			count.incrementAndGet();
			if (done[0]) {
				return 0;
			}
			int v = s.get();
			if (v > 2) {
				done[0] = true;
			}
			return v;
		});
		assertThat(c.get()).isEqualTo(1);
		assertThat(count).hasValue(1);

		s.set(3);
		assertThat(c.get()).isEqualTo(3);
		assertThat(count).hasValue(2);

		s.set(1);
		assertThat(c.get()).isEqualTo(0);
		assertThat(count).hasValue(3);

		s.set(0);
		assertThat(c.get()).isEqualTo(0);
		assertThat(count).hasValue(3);
	}

	// ---------------------------------------------------------------- T40

	@Test
	@DisplayName("T40 or-short-circuit: cB is evaluated only while cA is falsy")
	void T40_orShortCircuitEvaluatesRightSideOnlyWhenNeeded() {
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(2);
		AtomicInteger na = new AtomicInteger();
		AtomicInteger nb = new AtomicInteger();
		AtomicInteger nab = new AtomicInteger();
		Memo<Integer> cA = memo(() -> {
			na.incrementAndGet();
			return a.get();
		});
		Memo<Integer> cB = memo(() -> {
			nb.incrementAndGet();
			return b.get();
		});
		Memo<Integer> cAB = memo(() -> {
			nab.incrementAndGet();
			int left = cA.get();
			return (left != 0) ? left : cB.get();
		});
		assertThat(cAB.get()).isEqualTo(1);
		assertThat(new int[] { na.get(), nb.get(), nab.get() }).containsExactly(1, 0, 1);

		a.set(2);
		b.set(3);
		assertThat(cAB.get()).isEqualTo(2);
		assertThat(new int[] { na.get(), nb.get(), nab.get() }).containsExactly(2, 0, 2);

		a.set(0);
		assertThat(cAB.get()).isEqualTo(3);
		assertThat(new int[] { na.get(), nb.get(), nab.get() }).containsExactly(3, 1, 3);

		b.set(4);
		assertThat(cAB.get()).isEqualTo(4);
		assertThat(new int[] { na.get(), nb.get(), nab.get() }).containsExactly(3, 2, 4);
	}

	@Test
	@DisplayName("T40 two effects with shifting dependencies through a shared memo: a write re-runs only the reader")
	void T40_twoEffectsWithShiftingDependencies() {
		Signal<Boolean> flag = signal(true);
		Signal<Integer> x = signal(0);
		Signal<Integer> b = signal(0);
		Memo<Boolean> c = memo(flag::get);
		AtomicInteger fx1 = new AtomicInteger();
		AtomicInteger fx2 = new AtomicInteger();
		Effect e1 = effect(() -> {
			fx1.incrementAndGet();
			if (c.get()) {
				x.get();
			}
			else {
				b.get();
			}
		});
		Effect e2 = effect(() -> {
			fx2.incrementAndGet();
			if (c.get()) {
				b.get();
			}
			else {
				x.get();
			}
		});

		b.set(3);
		assertThat(fx1).hasValue(1);
		assertThat(fx2).hasValue(2);

		flag.set(false);
		assertThat(fx1).hasValue(2);
		assertThat(fx2).hasValue(3);

		b.set(4);
		assertThat(fx1).hasValue(3);
		assertThat(fx2).hasValue(3);

		x.set(1);
		assertThat(fx1).hasValue(3);
		assertThat(fx2).hasValue(4);
		e1.dispose();
		e2.dispose();
	}

}
