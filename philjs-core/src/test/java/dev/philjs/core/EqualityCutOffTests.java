package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec cases T23-T29 (section C, equality cut-off): a node whose new value equals its old
 * one stops propagation, by {@link java.util.Objects#equals} unless a custom equality is
 * given.
 */
class EqualityCutOffTests {

	private static final BiPredicate<Object, Object> ALWAYS_EQUAL = (x, y) -> true;

	private static final BiPredicate<Object, Object> NEVER_EQUAL = (x, y) -> false;

	@Test
	@DisplayName("T23 a clamped memo that keeps its value cuts propagation")
	void T23_clampCutsPropagation() {
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(() -> Math.max(0, Math.min(10, a.get())));
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return b.get();
		});
		assertThat(c.get()).isEqualTo(0);
		assertThat(nc).hasValue(1);

		a.set(-1);
		assertThat(c.get()).isEqualTo(0);
		assertThat(nc).as("b stayed 0").hasValue(1);

		a.set(11);
		assertThat(c.get()).isEqualTo(10);
		assertThat(nc).hasValue(2);
		a.set(20);
		assertThat(c.get()).isEqualTo(10);
		assertThat(nc).as("b stayed 10").hasValue(2);

		a.set(5);
		assertThat(c.get()).isEqualTo(5);
		assertThat(nc).hasValue(3);
	}

	@Test
	@DisplayName("T23 a boolean memo that keeps its value cuts propagation")
	void T23_booleanCutsPropagation() {
		Signal<Integer> a = signal(0);
		Memo<Boolean> b = memo(() -> a.get() > 0);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return b.get() ? 1 : 0;
		});
		assertThat(c.get()).isEqualTo(0);
		a.set(1);
		assertThat(c.get()).isEqualTo(1);
		a.set(2);
		assertThat(c.get()).isEqualTo(1);
		assertThat(nc).hasValue(2);
	}

	@Test
	@DisplayName("T24 pruning stops at the first unchanged node (unwatched, lazy)")
	void T24_pruningStopsAtFirstUnchangedNode() {
		Signal<Integer> s = signal(0);
		AtomicInteger n = new AtomicInteger();
		AtomicInteger n2 = new AtomicInteger();
		AtomicInteger n3 = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			n.incrementAndGet();
			return s.get();
		});
		Memo<Integer> c2 = memo(() -> {
			n2.incrementAndGet();
			c.get();
			return 5;
		});
		Memo<Integer> c3 = memo(() -> {
			n3.incrementAndGet();
			return c2.get();
		});
		assertThat(c3.get()).isEqualTo(5);
		assertThat(List.of(n.get(), n2.get(), n3.get())).containsExactly(1, 1, 1);

		s.set(1);
		assertThat(List.of(n.get(), n2.get(), n3.get())).as("lazy: nothing ran").containsExactly(1, 1, 1);

		assertThat(c3.get()).isEqualTo(5);
		assertThat(List.of(n.get(), n2.get(), n3.get())).containsExactly(2, 2, 1);
	}

	@Test
	@DisplayName("T24 pruning stops at the first unchanged node while an effect watches the tail")
	void T24_pruningStopsAtFirstUnchangedNodeWhenWatched() {
		Signal<Integer> s = signal(0);
		AtomicInteger n = new AtomicInteger();
		AtomicInteger n2 = new AtomicInteger();
		AtomicInteger n3 = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			n.incrementAndGet();
			return s.get();
		});
		Memo<Integer> c2 = memo(() -> {
			n2.incrementAndGet();
			c.get();
			return 5;
		});
		Memo<Integer> c3 = memo(() -> {
			n3.incrementAndGet();
			return c2.get();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			c3.get();
		});
		assertThat(List.of(n.get(), n2.get(), n3.get())).containsExactly(1, 1, 1);

		s.set(1);
		assertThat(List.of(n.get(), n2.get(), n3.get())).containsExactly(2, 2, 1);
		assertThat(runs).hasValue(1);
		assertThat(c3.get()).isEqualTo(5);
		assertThat(List.of(n.get(), n2.get(), n3.get())).containsExactly(2, 2, 1);
		e.dispose();
	}

	@Test
	@DisplayName("T25 an effect does not re-run when its memo input is unchanged")
	void T25_effectSkipsUnchangedMemo() {
		Signal<Integer> s = signal(0);
		Memo<Integer> c = memo(() -> {
			s.get();
			return 0;
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			c.get();
		});
		s.set(1);
		s.set(2);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T25 an effect does not re-run when its input is unchanged two levels down")
	void T25_effectSkipsUnchangedMemoTwoLevelsDown() {
		Signal<Integer> s = signal(0);
		AtomicInteger nc1 = new AtomicInteger();
		Memo<Integer> c1 = memo(() -> {
			nc1.incrementAndGet();
			return s.get();
		});
		Memo<Integer> c2 = memo(() -> {
			c1.get();
			return 5;
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			c2.get();
		});
		s.set(1);
		assertThat(nc1).as("the changed level did recompute").hasValue(2);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T25 a nested effect does not re-run when its memo input is unchanged")
	void T25_nestedEffectSkipsUnchangedMemo() {
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(() -> a.get() % 2);
		AtomicInteger outerRuns = new AtomicInteger();
		List<Integer> inner = new ArrayList<>();
		Effect outer = effect(() -> {
			outerRuns.incrementAndGet();
			effect(() -> inner.add(b.get()));
		});
		a.set(2);
		assertThat(inner).containsExactly(0);
		a.set(3);
		assertThat(inner).containsExactly(0, 1);
		assertThat(outerRuns).hasValue(1);
		outer.dispose();
	}

	@Test
	@DisplayName("T26 a memo returning the same object reference cuts propagation")
	void T26_sameReferenceCutsPropagation() {
		Signal<Integer> a = signal(0);
		List<String> obj = new ArrayList<>();
		Memo<List<String>> b = memo(() -> {
			a.get();
			return obj;
		});
		AtomicInteger nc = new AtomicInteger();
		Memo<List<String>> c = memo(() -> {
			nc.incrementAndGet();
			return b.get();
		});
		assertThat(c.get()).isSameAs(obj);
		nc.set(0);
		a.set(1);
		assertThat(c.get()).isSameAs(obj);
		assertThat(nc).hasValue(0);
	}

	@Test
	@DisplayName("T27 the cut holds over repeated writes")
	void T27_cutHoldsOverRepeatedWrites() {
		Signal<Integer> src = signal(0);
		AtomicInteger n1 = new AtomicInteger();
		AtomicInteger n2 = new AtomicInteger();
		Memo<Integer> c1 = memo(() -> {
			n1.incrementAndGet();
			return src.get() % 2;
		});
		Memo<Integer> c2 = memo(() -> {
			n2.incrementAndGet();
			return c1.get() + 1;
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			c2.get();
		});
		n1.set(0);
		n2.set(0);
		runs.set(0);
		src.set(2);
		src.set(4);
		src.set(6);
		assertThat(n1.get()).as("c1 re-checked, at most once per write").isBetween(1, 3);
		assertThat(n2).hasValue(0);
		assertThat(runs).hasValue(0);
		assertThat(c2.get()).isEqualTo(1);
		e.dispose();
	}

	@Test
	@DisplayName("T28 a signal whose equality always says equal ignores writes")
	void T28_signalWithAlwaysEqualIgnoresWrites() {
		Signal<Integer> s = signal(1, ALWAYS_EQUAL);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return s.get();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			s.get();
		});
		assertThat(c.get()).isEqualTo(1);
		s.set(2);
		assertThat(s.get()).isEqualTo(1);
		assertThat(c.get()).isEqualTo(1);
		assertThat(nc).hasValue(1);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T28 a signal whose equality never says equal propagates every write, even the same value")
	void T28_signalWithNeverEqualPropagatesEveryWrite() {
		Signal<Integer> s = signal(1, NEVER_EQUAL);
		AtomicInteger nc = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			nc.incrementAndGet();
			return s.get();
		});
		List<Integer> log = new ArrayList<>();
		Effect e = effect(() -> log.add(s.get()));
		assertThat(c.get()).isEqualTo(1);
		s.set(2);
		assertThat(c.get()).isEqualTo(2);
		s.set(2);
		assertThat(c.get()).isEqualTo(2);
		assertThat(log).containsExactly(1, 2, 2);
		assertThat(nc).hasValue(3);
		e.dispose();
	}

	@Test
	@DisplayName("T28 a signal equality is called with (current, next): (a, b) -> a > b keeps 5 against 3")
	void T28_signalEqualityReceivesCurrentThenNext() {
		Signal<Integer> s = signal(5, (current, next) -> current > next);
		List<Integer> log = new ArrayList<>();
		Effect e = effect(() -> log.add(s.get()));
		s.set(3);
		assertThat(s.get()).isEqualTo(5);
		s.set(7);
		assertThat(s.get()).isEqualTo(7);
		assertThat(log).containsExactly(5, 7);
		e.dispose();
	}

	@Test
	@DisplayName("T28 a memo whose equality always says equal keeps its old value and does not notify")
	void T28_memoWithAlwaysEqualHoldsOldValue() {
		Signal<Integer> s = signal(1);
		Memo<Integer> c = memo(() -> s.get() * 10, ALWAYS_EQUAL);
		AtomicInteger nd = new AtomicInteger();
		Memo<Integer> d = memo(() -> {
			nd.incrementAndGet();
			return c.get();
		});
		List<Integer> log = new ArrayList<>();
		Effect e = effect(() -> log.add(c.get()));
		assertThat(d.get()).isEqualTo(10);
		s.set(2);
		assertThat(c.get()).isEqualTo(10);
		assertThat(d.get()).isEqualTo(10);
		assertThat(nd).hasValue(1);
		assertThat(log).containsExactly(10);
		e.dispose();
	}

	@Test
	@DisplayName("T28 a memo whose equality never says equal notifies even when its value is the same")
	void T28_memoWithNeverEqualAlwaysNotifies() {
		Signal<Integer> s = signal(1);
		Memo<String> c = memo(() -> {
			s.get();
			return "same";
		}, NEVER_EQUAL);
		AtomicInteger nd = new AtomicInteger();
		Memo<String> d = memo(() -> {
			nd.incrementAndGet();
			return c.get();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			c.get();
		});
		assertThat(d.get()).isEqualTo("same");
		s.set(2);
		assertThat(d.get()).isEqualTo("same");
		assertThat(nd).hasValue(2);
		assertThat(runs).hasValue(2);
		e.dispose();
	}

	@Test
	@DisplayName("T28 a memo with a domain equality (case-insensitive) keeps the first spelling")
	void T28_memoWithDomainEquality() {
		Signal<String> name = signal("alice");
		Memo<String> c = memo(name::get, String::equalsIgnoreCase);
		List<String> log = new ArrayList<>();
		Effect e = effect(() -> log.add(c.get()));
		name.set("ALICE");
		assertThat(c.get()).isEqualTo("alice");
		name.set("bob");
		assertThat(log).containsExactly("alice", "bob");
		e.dispose();
	}

	@Test
	@DisplayName("T28 signals read inside a memo's equality do not become dependencies of its reader")
	void T28_memoEqualityDoesNotLeakTrackingIntoReader() {
		Signal<Double> exact = signal(1.0);
		Signal<Double> epsilon = signal(0.1);
		Signal<Integer> counter = signal(1);
		Memo<Double> inner = memo(exact::get, (x, y) -> Math.abs(x - y) < epsilon.get());
		AtomicInteger outerRuns = new AtomicInteger();
		Memo<Integer> outer = memo(() -> {
			outerRuns.incrementAndGet();
			int k = counter.get();
			inner.get();
			return k;
		});
		assertThat(outer.get()).isEqualTo(1);
		exact.set(1.05);
		counter.set(2);
		// outer re-runs and reads the stale inner, whose equality runs now
		assertThat(outer.get()).isEqualTo(2);
		assertThat(inner.get()).as("within epsilon: old value kept").isEqualTo(1.0);
		assertThat(outerRuns).hasValue(2);

		epsilon.set(0.2);
		assertThat(outer.get()).isEqualTo(2);
		assertThat(outerRuns).as("outer never read epsilon").hasValue(2);
	}

	@Test
	@DisplayName("T28 signals read inside a signal's equality do not become dependencies of the writer")
	void T28_signalEqualityDoesNotLeakTrackingIntoWriter() {
		Signal<Integer> tolerance = signal(0);
		Signal<Integer> s = signal(0, (x, y) -> Math.abs(x - y) <= tolerance.get());
		Signal<Integer> source = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			s.set(source.get());
		});
		source.set(5);
		assertThat(s.get()).isEqualTo(5);
		assertThat(runs).hasValue(2);
		tolerance.set(3);
		assertThat(runs).as("the effect never read tolerance").hasValue(2);
		e.dispose();
	}

	@Test
	@DisplayName("T29 CHOICE: writing NaN over NaN is a no-op (Objects.equals), for any NaN bit pattern")
	void T29_nanEqualsNanForSignals() {
		Signal<Double> s = signal(Double.NaN);
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			s.get();
		});
		s.set(Double.NaN);
		s.set(0.0 / 0.0);
		s.set(Double.longBitsToDouble(0x7ff8000000000001L));
		assertThat(runs).hasValue(1);
		s.set(1.0);
		assertThat(runs).hasValue(2);
		e.dispose();
	}

	@Test
	@DisplayName("T29 CHOICE: a memo recomputing NaN over NaN cuts propagation")
	void T29_nanEqualsNanForMemos() {
		Signal<Integer> a = signal(0);
		Memo<Double> m = memo(() -> {
			a.get();
			return Double.NaN;
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			m.get();
		});
		a.set(1);
		assertThat(m.get()).isNaN();
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T29 CHOICE: 0.0 and -0.0 differ (Double.equals), for signals")
	void T29_positiveAndNegativeZeroDifferForSignals() {
		Signal<Double> s = signal(0.0);
		List<Double> log = new ArrayList<>();
		Effect e = effect(() -> log.add(s.get()));
		s.set(-0.0);
		s.set(0.0);
		assertThat(log).hasSize(3);
		assertThat(Double.doubleToRawLongBits(log.get(0))).isEqualTo(Double.doubleToRawLongBits(0.0));
		assertThat(Double.doubleToRawLongBits(log.get(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
		assertThat(Double.doubleToRawLongBits(log.get(2))).isEqualTo(Double.doubleToRawLongBits(0.0));
		e.dispose();
	}

	@Test
	@DisplayName("T29 CHOICE: 0.0 and -0.0 differ (Double.equals), for memos")
	void T29_positiveAndNegativeZeroDifferForMemos() {
		Signal<Boolean> negative = signal(false);
		Memo<Double> m = memo(() -> negative.get() ? -0.0 : 0.0);
		AtomicInteger nd = new AtomicInteger();
		Memo<Double> d = memo(() -> {
			nd.incrementAndGet();
			return m.get();
		});
		assertThat(Double.doubleToRawLongBits(d.get())).isEqualTo(Double.doubleToRawLongBits(0.0));
		negative.set(true);
		assertThat(Double.doubleToRawLongBits(d.get())).isEqualTo(Double.doubleToRawLongBits(-0.0));
		assertThat(nd).hasValue(2);
	}

	@Test
	@DisplayName("T29 CHOICE: an equal but not identical String is a no-op and the first instance is kept")
	void T29_equalButNotIdenticalStringIsNoOpForSignals() {
		String original = new String("ab");
		Signal<String> s = signal(original);
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			s.get();
		});
		String copy = new String("ab");
		assertThat(copy).isNotSameAs(original);
		s.set(copy);
		assertThat(runs).hasValue(1);
		assertThat(s.get()).isSameAs(original);
		e.dispose();
	}

	@Test
	@DisplayName("T29 CHOICE: a memo producing an equal but not identical String cuts propagation and keeps its instance")
	void T29_equalButNotIdenticalStringCutsForMemos() {
		Signal<Integer> a = signal(0);
		Memo<String> m = memo(() -> {
			a.get();
			return new String("ab");
		});
		AtomicInteger nd = new AtomicInteger();
		Memo<String> d = memo(() -> {
			nd.incrementAndGet();
			return m.get();
		});
		String first = d.get();
		a.set(1);
		assertThat(d.get()).isSameAs(first);
		assertThat(m.get()).isSameAs(first);
		assertThat(nd).hasValue(1);
	}

}
