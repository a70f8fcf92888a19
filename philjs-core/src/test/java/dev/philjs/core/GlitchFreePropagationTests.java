package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.batch;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec cases T10-T22 (section B, glitch-free propagation): on every topology each node
 * evaluates at most once per change, after all of its dependencies, and never sees a mix
 * of old and new values.
 */
class GlitchFreePropagationTests {

	private static final BiPredicate<Object, Object> NEVER_EQUAL = (x, y) -> false;

	@Test
	@DisplayName("T10 diamond: the effect runs once per write and the join evaluates once")
	void T10_diamondRunsEffectOnceAndEvaluatesJoinOnce() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() + 1);
		Memo<Integer> c = memo(() -> a.get() * 2);
		AtomicInteger nd = new AtomicInteger();
		Memo<Integer> d = memo(() -> {
			nd.incrementAndGet();
			return b.get() + c.get();
		});
		List<Integer> log = new ArrayList<>();
		Effect e = effect(() -> log.add(d.get()));
		assertThat(log).containsExactly(4);
		assertThat(nd).hasValue(1);

		a.set(2);
		assertThat(log).as("one run, never a mixed (glitched) value").containsExactly(4, 7);
		assertThat(nd).hasValue(2);
		e.dispose();
	}

	@Test
	@DisplayName("T10 diamond of memos only: the join evaluates once per change")
	void T10_pureMemoDiamondEvaluatesJoinOnce() {
		Signal<String> a = signal("a");
		Memo<String> b = memo(a::get);
		Memo<String> c = memo(a::get);
		AtomicInteger nd = new AtomicInteger();
		Memo<String> d = memo(() -> {
			nd.incrementAndGet();
			return b.get() + " " + c.get();
		});
		assertThat(d.get()).isEqualTo("a a");
		a.set("aa");
		assertThat(d.get()).isEqualTo("aa aa");
		assertThat(nd).hasValue(2);
	}

	@Test
	@DisplayName("T11 diamond + tail: the tail evaluates exactly once more per change")
	void T11_diamondWithTailEvaluatesTailOnce() {
		Signal<String> a = signal("a");
		Memo<String> b = memo(a::get);
		Memo<String> c = memo(a::get);
		Memo<String> d = memo(() -> b.get() + " " + c.get());
		AtomicInteger ne = new AtomicInteger();
		Memo<String> e = memo(() -> {
			ne.incrementAndGet();
			return d.get();
		});
		assertThat(e.get()).isEqualTo("a a");
		assertThat(ne).hasValue(1);
		a.set("aa");
		assertThat(e.get()).isEqualTo("aa aa");
		assertThat(ne).hasValue(2);
	}

	@Test
	@DisplayName("T11 diamond + tail watched by an effect: tail and effect once per change")
	void T11_watchedDiamondWithTailEvaluatesTailOnce() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() + 1);
		Memo<Integer> c = memo(() -> a.get() * 2);
		Memo<Integer> d = memo(() -> b.get() + c.get());
		AtomicInteger ne = new AtomicInteger();
		Memo<Integer> e = memo(() -> {
			ne.incrementAndGet();
			return d.get();
		});
		List<Integer> log = new ArrayList<>();
		Effect fx = effect(() -> log.add(e.get()));
		a.set(2);
		a.set(3);
		assertThat(log).containsExactly(4, 7, 10);
		assertThat(ne).hasValue(3);
		fx.dispose();
	}

	@Test
	@DisplayName("T12 jagged diamond + two tails: each node once per change, top to bottom")
	void T12_jaggedDiamondWithTwoTails() {
		List<String> log = new ArrayList<>();
		Signal<String> a = signal("a");
		Memo<String> b = memo(() -> logged(log, "b", a.get()));
		Memo<String> c = memo(() -> logged(log, "c", a.get()));
		Memo<String> d = memo(() -> logged(log, "d", c.get()));
		Memo<String> e = memo(() -> logged(log, "e", b.get() + " " + d.get()));
		Memo<String> f = memo(() -> logged(log, "f", e.get()));
		Memo<String> g = memo(() -> logged(log, "g", e.get()));
		assertThat(f.get()).isEqualTo("a a");
		assertThat(g.get()).isEqualTo("a a");

		for (String next : List.of("b", "c")) {
			log.clear();
			a.set(next);
			assertThat(f.get()).isEqualTo(next + " " + next);
			assertThat(g.get()).isEqualTo(next + " " + next);
			assertThat(log).as("each node evaluated once").containsExactlyInAnyOrder("b", "c", "d", "e", "f", "g");
			assertThat(log.indexOf("c")).isLessThan(log.indexOf("d"));
			assertThat(log.indexOf("b")).isLessThan(log.indexOf("e"));
			assertThat(log.indexOf("d")).isLessThan(log.indexOf("e"));
			assertThat(log.indexOf("e")).isLessThan(log.indexOf("f"));
			assertThat(log.indexOf("f")).isLessThan(log.indexOf("g"));
		}
	}

	@Test
	@DisplayName("T13 A->B->A flag shape: the join sees consistent values and evaluates once")
	void T13_flagShapeDropsIntermediateUpdates() {
		Signal<Integer> a = signal(2);
		Memo<Integer> b = memo(() -> a.get() - 1);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return a.get() + b.get();
		});
		AtomicInteger nd = new AtomicInteger();
		Memo<String> d = memo(() -> {
			nd.incrementAndGet();
			return "d: " + c.get();
		});
		assertThat(d.get()).isEqualTo("d: 3");
		a.set(4);
		assertThat(d.get()).isEqualTo("d: 7");
		assertThat(nc).hasValue(2);
		assertThat(nd).hasValue(2);
	}

	@Test
	@DisplayName("T14 a static branch does not block a changing one")
	void T14_staticBranchDoesNotBlockChangingOne() {
		Signal<String> a = signal("a");
		Memo<String> b = memo(a::get);
		Memo<String> c = memo(() -> {
			a.get();
			return "c";
		});
		AtomicInteger nd = new AtomicInteger();
		Memo<String> d = memo(() -> {
			nd.incrementAndGet();
			return b.get() + " " + c.get();
		});
		assertThat(d.get()).isEqualTo("a c");
		nd.set(0);
		a.set("aa");
		assertThat(d.get()).isEqualTo("aa c");
		assertThat(nd).hasValue(1);
	}

	@Test
	@DisplayName("T14 two static branches do not block the changing third one")
	void T14_twoStaticBranchesDoNotBlockChangingOne() {
		Signal<String> a = signal("a");
		Memo<String> b = memo(a::get);
		Memo<String> c = memo(() -> {
			a.get();
			return "c";
		});
		Memo<String> d = memo(() -> {
			a.get();
			return "d";
		});
		AtomicInteger ne = new AtomicInteger();
		Memo<String> e = memo(() -> {
			ne.incrementAndGet();
			return b.get() + " " + c.get() + " " + d.get();
		});
		assertThat(e.get()).isEqualTo("a c d");
		ne.set(0);
		a.set("aa");
		assertThat(e.get()).isEqualTo("aa c d");
		assertThat(ne).hasValue(1);
	}

	@Test
	@DisplayName("T15 when every branch is unchanged the join is not re-evaluated, even when read")
	void T15_allBranchesUnchangedSkipsJoin() {
		Signal<String> a = signal("a");
		Memo<String> b = memo(() -> {
			a.get();
			return "b";
		});
		Memo<String> c = memo(() -> {
			a.get();
			return "c";
		});
		AtomicInteger nd = new AtomicInteger();
		Memo<String> d = memo(() -> {
			nd.incrementAndGet();
			return b.get() + " " + c.get();
		});
		assertThat(d.get()).isEqualTo("b c");
		nd.set(0);
		a.set("aa");
		assertThat(d.get()).isEqualTo("b c");
		assertThat(nd).hasValue(0);
	}

	@Test
	@DisplayName("T15 when every branch is unchanged a watching effect neither re-evaluates the join nor re-runs")
	void T15_allBranchesUnchangedSkipsJoinAndEffect() {
		Signal<String> a = signal("a");
		Memo<String> b = memo(() -> {
			a.get();
			return "b";
		});
		Memo<String> c = memo(() -> {
			a.get();
			return "c";
		});
		AtomicInteger nd = new AtomicInteger();
		Memo<String> d = memo(() -> {
			nd.incrementAndGet();
			return b.get() + " " + c.get();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			d.get();
		});
		a.set("aa");
		a.set("aaa");
		assertThat(nd).hasValue(1);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T16 propagation is in topological order: b1, b2, then c1, each once")
	void T16_propagatesInTopologicalOrder() {
		StringBuilder seq = new StringBuilder();
		Signal<Boolean> a1 = signal(false);
		Memo<Object> b1 = memo(() -> {
			a1.get();
			seq.append("b1");
			return null;
		}, NEVER_EQUAL);
		Memo<Object> b2 = memo(() -> {
			a1.get();
			seq.append("b2");
			return null;
		}, NEVER_EQUAL);
		Memo<Object> c1 = memo(() -> {
			b1.get();
			b2.get();
			seq.append("c1");
			return null;
		}, NEVER_EQUAL);
		c1.get();
		seq.setLength(0);
		a1.set(true);
		c1.get();
		assertThat(seq).hasToString("b1b2c1");
	}

	@Test
	@DisplayName("T16 topological order also holds when an effect pulls the graph")
	void T16_propagatesInTopologicalOrderUnderEffect() {
		StringBuilder seq = new StringBuilder();
		Signal<Boolean> a1 = signal(false);
		Memo<Object> b1 = memo(() -> {
			a1.get();
			seq.append("b1");
			return null;
		}, NEVER_EQUAL);
		Memo<Object> b2 = memo(() -> {
			a1.get();
			seq.append("b2");
			return null;
		}, NEVER_EQUAL);
		Memo<Object> c1 = memo(() -> {
			b1.get();
			b2.get();
			seq.append("c1");
			return null;
		}, NEVER_EQUAL);
		Effect e = effect(() -> {
			c1.get();
			seq.append("e");
		});
		seq.setLength(0);
		a1.set(true);
		assertThat(seq).hasToString("b1b2c1e");
		e.dispose();
	}

	@Test
	@DisplayName("T17 linear convergence: five memos on one signal joined by one, which evaluates once")
	void T17_linearConvergencePropagatesOnce() {
		Signal<Integer> d = signal(0);
		List<Memo<Integer>> fs = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			fs.add(memo(d::get));
		}
		AtomicInteger ng = new AtomicInteger();
		Memo<Integer> g = memo(() -> {
			ng.incrementAndGet();
			return fs.stream().mapToInt(Memo::get).sum();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			g.get();
		});
		ng.set(0);
		runs.set(0);
		d.set(1);
		assertThat(g.get()).isEqualTo(5);
		assertThat(ng).hasValue(1);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T17 exponential convergence: 3 x 3 memos joined by one, which evaluates once")
	void T17_exponentialConvergencePropagatesOnce() {
		Signal<Integer> d = signal(0);
		List<Memo<Integer>> fs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			fs.add(memo(d::get));
		}
		List<Memo<Integer>> gs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			gs.add(memo(() -> fs.stream().mapToInt(Memo::get).sum()));
		}
		AtomicInteger nh = new AtomicInteger();
		Memo<Integer> h = memo(() -> {
			nh.incrementAndGet();
			return gs.stream().mapToInt(Memo::get).sum();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			h.get();
		});
		nh.set(0);
		runs.set(0);
		d.set(1);
		assertThat(h.get()).isEqualTo(9);
		assertThat(nh).hasValue(1);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T17 chain with skip edges: each memo evaluates once and the tail is consistent")
	void T17_chainWithSkipEdgesEvaluatesEachOnce() {
		Signal<Integer> a = signal(0);
		AtomicInteger nc = new AtomicInteger();
		AtomicInteger nd = new AtomicInteger();
		AtomicInteger ne = new AtomicInteger();
		Memo<Integer> b = memo(a::get);
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return b.get() + a.get();
		});
		Memo<Integer> d = memo(() -> {
			nd.incrementAndGet();
			return c.get() + b.get();
		});
		Memo<Integer> e = memo(() -> {
			ne.incrementAndGet();
			return d.get() + c.get();
		});
		assertThat(e.get()).isEqualTo(0);
		nc.set(0);
		nd.set(0);
		ne.set(0);
		a.set(1);
		assertThat(e.get()).isEqualTo(5);
		assertThat(nc).hasValue(1);
		assertThat(nd).hasValue(1);
		assertThat(ne).hasValue(1);
	}

	@Test
	@DisplayName("T18 stacked diamonds: both joins evaluate once")
	void T18_stackedDiamondsEvaluateEachJoinOnce() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(a::get);
		Memo<Integer> c = memo(a::get);
		AtomicInteger nd = new AtomicInteger();
		Memo<Integer> d = memo(() -> {
			nd.incrementAndGet();
			return b.get() + c.get();
		});
		Memo<Integer> e = memo(d::get);
		Memo<Integer> f = memo(d::get);
		AtomicInteger ng = new AtomicInteger();
		Memo<Integer> g = memo(() -> {
			ng.incrementAndGet();
			return e.get() + f.get();
		});
		List<Integer> log = new ArrayList<>();
		Effect fx = effect(() -> log.add(g.get()));
		nd.set(0);
		ng.set(0);
		a.set(2);
		assertThat(g.get()).isEqualTo(8);
		assertThat(log).containsExactly(4, 8);
		assertThat(nd).hasValue(1);
		assertThat(ng).hasValue(1);
		fx.dispose();
	}

	@Test
	@DisplayName("T18 asymmetric join of a depth-3 path and a depth-1 path evaluates once")
	void T18_asymmetricJoinEvaluatesOnce() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() + 1);
		Memo<Integer> c = memo(() -> b.get() + 1);
		Memo<Integer> d = memo(() -> c.get() + 1);
		Memo<Integer> e = memo(() -> a.get() * 10);
		AtomicInteger nf = new AtomicInteger();
		Memo<Integer> f = memo(() -> {
			nf.incrementAndGet();
			return d.get() + e.get();
		});
		List<Integer> log = new ArrayList<>();
		Effect fx = effect(() -> log.add(f.get()));
		nf.set(0);
		a.set(2);
		assertThat(log).containsExactly(14, 25);
		assertThat(nf).hasValue(1);
		fx.dispose();
	}

	@Test
	@DisplayName("T18 cross diamond over two sources, two unbatched writes: each node once on the final read")
	void T18_crossDiamondOverTwoSources() {
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(10);
		AtomicInteger nc = new AtomicInteger();
		AtomicInteger nd = new AtomicInteger();
		AtomicInteger ne = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return a.get() + b.get();
		});
		Memo<Integer> d = memo(() -> {
			nd.incrementAndGet();
			return a.get() * b.get();
		});
		Memo<Integer> e = memo(() -> {
			ne.incrementAndGet();
			return c.get() + d.get();
		});
		assertThat(e.get()).isEqualTo(21);
		nc.set(0);
		nd.set(0);
		ne.set(0);
		a.set(2);
		b.set(20);
		assertThat(e.get()).isEqualTo(62);
		assertThat(nc).hasValue(1);
		assertThat(nd).hasValue(1);
		assertThat(ne).hasValue(1);
	}

	@Test
	@DisplayName("T18 wide fan-out: six memo + effect pairs, each effect once per write")
	void T18_wideFanOutRunsEachEffectOncePerWrite() {
		Signal<Integer> a = signal(0);
		List<List<Integer>> logs = new ArrayList<>();
		List<Effect> effects = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			int k = i;
			Memo<Integer> m = memo(() -> a.get() + k);
			List<Integer> log = new ArrayList<>();
			logs.add(log);
			effects.add(effect(() -> log.add(m.get())));
		}
		a.set(10);
		a.set(20);
		for (int i = 0; i < 6; i++) {
			assertThat(logs.get(i)).as("effect %d", i).containsExactly(i, 10 + i, 20 + i);
		}
		effects.forEach(Effect::dispose);
	}

	@Test
	@DisplayName("T19 batched fan-in: the join evaluates once and the effect runs once")
	void T19_batchedFanInEvaluatesOnce() {
		Signal<Integer> a = signal(1);
		Signal<Integer> b = signal(10);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return a.get() + b.get();
		});
		List<Integer> log = new ArrayList<>();
		Effect e = effect(() -> log.add(c.get()));
		batch(() -> {
			a.set(2);
			b.set(20);
		});
		assertThat(c.get()).isEqualTo(22);
		assertThat(nc).hasValue(2);
		assertThat(log).containsExactly(11, 22);
		e.dispose();
	}

	@Test
	@DisplayName("T20 (i) a memo refreshed between two writes still marks its stale subscriber")
	void T20i_intermediateRefreshKeepsDownstreamStale() {
		Signal<Integer> src = signal(0);
		Memo<Integer> c1 = memo(() -> src.get() % 2);
		Memo<Integer> c2 = memo(c1::get);
		Memo<Integer> c3 = memo(c2::get);
		assertThat(c3.get()).isEqualTo(0);
		src.set(1);
		assertThat(c2.get()).isEqualTo(1);
		src.set(3);
		assertThat(c3.get()).isEqualTo(1);
	}

	@Test
	@DisplayName("T20 (ii) flags updated indirectly during the dirty check are honoured")
	void T20ii_flagsUpdatedIndirectlyDuringCheck() {
		Signal<Boolean> a = signal(false);
		Memo<Boolean> b = memo(a::get);
		Memo<Integer> c = memo(() -> {
			b.get();
			return 0;
		});
		Memo<Boolean> d = memo(() -> {
			c.get();
			return b.get();
		});
		assertThat(d.get()).isFalse();
		a.set(true);
		assertThat(d.get()).isTrue();
	}

	@Test
	@DisplayName("T20 (iii) a node reached directly and through a chain sees both fresh")
	void T20iii_directAndChainedPathsAreBothFresh() {
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(a::get);
		Memo<Integer> c = memo(b::get);
		Memo<Integer> d = memo(() -> a.get() + c.get());
		assertThat(d.get()).isEqualTo(0);
		a.set(1);
		assertThat(d.get()).isEqualTo(2);
		List<Integer> log = new ArrayList<>();
		Effect e = effect(() -> log.add(d.get()));
		a.set(2);
		assertThat(log).containsExactly(2, 4);
		e.dispose();
	}

	@Test
	@DisplayName("T21 a stale invocation does not stop later pending computations from updating")
	void T21_staleInvocationDoesNotBlockPendingOnes() {
		Signal<Integer> s1 = signal(1);
		Signal<Boolean> s2 = signal(false);
		Memo<Boolean> t1 = memo(() -> s1.get() > 0);
		Memo<Boolean> t2 = memo(() -> s1.get() > 0);
		Memo<Integer> c1 = memo(s1::get);
		Memo<Boolean> t3 = memo(() -> {
			boolean positive = s1.get() > 0;
			boolean flag = s2.get();
			return positive && flag;
		});
		AtomicInteger count = new AtomicInteger();
		Memo<Integer> c3 = memo(() -> {
			t1.get();
			t2.get();
			c1.get();
			t3.get();
			return count.incrementAndGet();
		});
		c3.get();
		assertThat(count).hasValue(1);
		s2.set(true);
		c3.get();
		assertThat(count).hasValue(2);
		s1.set(2);
		c3.get();
		assertThat(count).hasValue(3);
	}

	@Test
	@DisplayName("T22 a dependency first read during a re-evaluation is brought up to date before use")
	void T22_newDependenciesAreUpdatedBeforeDependee() {
		StringBuilder order = new StringBuilder();
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(() -> {
			order.append('b');
			return a.get() + 1;
		});
		Memo<Integer> d = memo(() -> {
			order.append('d');
			return a.get();
		});
		Memo<Integer> e = memo(() -> {
			order.append('e');
			return d.get() + 10;
		});
		Memo<Integer> c = memo(() -> {
			order.append('c');
			int check = b.get();
			return (check != 0) ? check : e.get();
		});
		assertThat(c.get()).isEqualTo(1);
		assertThat(order).as("first read").hasToString("cb");

		order.setLength(0);
		a.set(-1);
		assertThat(c.get()).isEqualTo(9);
		assertThat(order).as("CHOICE: our order after a = -1").hasToString("bced");

		order.setLength(0);
		a.set(0);
		assertThat(c.get()).isEqualTo(1);
		assertThat(order).as("CHOICE: our order after a = 0 (e is no longer needed)").hasToString("bc");
	}

	@Test
	@DisplayName("T22 simple form: switching to a memo branch and writing its source unbatched gives the fresh value")
	void T22_switchedBranchThenUnbatchedWriteIsFresh() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(100);
		Signal<Boolean> cond = signal(false);
		Memo<Integer> c = memo(a::get);
		Memo<Integer> d = memo(() -> cond.get() ? c.get() : b.get());
		assertThat(d.get()).isEqualTo(100);
		cond.set(true);
		a.set(2);
		assertThat(d.get()).isEqualTo(2);
	}

	@Test
	@DisplayName("T22 simple form watched by an effect: it sees each state, never a stale branch")
	void T22_switchedBranchWatchedByEffect() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(100);
		Signal<Boolean> cond = signal(false);
		Memo<Integer> c = memo(a::get);
		Memo<Integer> d = memo(() -> cond.get() ? c.get() : b.get());
		List<Integer> log = new ArrayList<>();
		Effect e = effect(() -> log.add(d.get()));
		cond.set(true);
		a.set(2);
		assertThat(log).containsExactly(100, 0, 2);
		e.dispose();
	}

	private static String logged(List<String> log, String name, String value) {
		log.add(name);
		return value;
	}

}
