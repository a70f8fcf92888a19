package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static dev.philjs.core.Reactive.untrack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec cases T01-T09 (section A, laziness and caching): memos compute on demand, once per
 * real change, and keep their value correct whether or not anything watches them.
 */
class LazinessAndCachingTests {

	@Test
	@DisplayName("T01 a memo is lazy and coalesces several unbatched writes into one recompute")
	void T01_memoIsLazyAndCoalescesWrites() {
		Signal<String> a = signal("a");
		Signal<String> b = signal("b");
		AtomicInteger n = new AtomicInteger();
		Memo<String> c = memo(() -> {
			n.incrementAndGet();
			return a.get() + b.get();
		});
		assertThat(n).as("not computed before the first read").hasValue(0);

		assertThat(c.get()).isEqualTo("ab");
		assertThat(n).hasValue(1);

		a.set("x");
		b.set("y");
		assertThat(n).as("writes without a read compute nothing").hasValue(1);

		assertThat(c.get()).isEqualTo("xy");
		assertThat(n).as("one recompute for two changes").hasValue(2);
	}

	@Test
	@DisplayName("T02 a memo caches its value between reads")
	void T02_memoCachesBetweenReads() {
		Signal<Integer> a = signal(0);
		AtomicInteger n = new AtomicInteger();
		Memo<Integer> b = memo(() -> {
			n.incrementAndGet();
			return a.get();
		});
		assertThat(b.get()).isEqualTo(0);
		assertThat(b.get()).isEqualTo(0);
		assertThat(b.peek()).isEqualTo(0);
		assertThat(n).hasValue(1);
	}

	@Test
	@DisplayName("T02 a memo without dependencies computes once and never again")
	void T02_memoWithoutDependenciesNeverRecomputes() {
		Signal<Integer> unrelated = signal(0);
		AtomicInteger n = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			n.incrementAndGet();
			return 42;
		});
		assertThat(c.get()).isEqualTo(42);
		unrelated.set(1);
		assertThat(c.get()).isEqualTo(42);
		unrelated.set(2);
		assertThat(c.get()).isEqualTo(42);
		assertThat(n).hasValue(1);
	}

	@Test
	@DisplayName("T03 writing the current value again is a no-op for a memo")
	void T03_sameValueWriteDoesNotRecompute() {
		Signal<Integer> a = signal(1);
		AtomicInteger n = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			n.incrementAndGet();
			return a.get();
		});
		assertThat(c.get()).isEqualTo(1);
		a.set(1);
		assertThat(c.get()).isEqualTo(1);
		assertThat(n).hasValue(1);
	}

	@Test
	@DisplayName("T03 writing the current value again does not re-run a watching effect")
	void T03_sameValueWriteDoesNotRerunEffect() {
		Signal<Integer> a = signal(1);
		AtomicInteger n = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			n.incrementAndGet();
			return a.get();
		});
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			c.get();
			runs.incrementAndGet();
		});
		a.set(1);
		assertThat(n).hasValue(1);
		assertThat(runs).hasValue(1);
		e.dispose();
	}

	@Test
	@DisplayName("T04 null is a real cached value, not 'not computed yet'")
	void T04_nullIsACachedValue() {
		AtomicInteger n = new AtomicInteger();
		Memo<Object> c = memo(() -> {
			n.incrementAndGet();
			return null;
		});
		assertThat(c.get()).isNull();
		assertThat(c.get()).isNull();
		assertThat(n).hasValue(1);
	}

	@Test
	@DisplayName("T04 a memo goes null -> value -> null correctly")
	void T04_memoSwitchesBetweenNullAndValue() {
		Signal<Integer> a = signal(0);
		Memo<Integer> c = memo(() -> (a.get() == 0) ? null : a.get());
		assertThat(c.get()).isNull();
		a.set(1);
		assertThat(c.get()).isEqualTo(1);
		a.set(0);
		assertThat(c.get()).isNull();
	}

	@Test
	@DisplayName("T05 a memo chain stays correct after its last subscriber leaves")
	void T05_memoStaysCorrectAfterLastSubscriberLeaves() {
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(() -> a.get() + 1);
		Memo<Integer> c = memo(() -> b.get() + 1);
		Memo<Integer> d = memo(() -> c.get() + 1);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(d.get()));
		a.set(1);
		assertThat(seen).containsExactly(3, 4);

		e.dispose();
		a.set(2);
		assertThat(seen).as("a disposed effect never runs").containsExactly(3, 4);
		assertThat(d.get()).isEqualTo(5);
		assertThat(c.get()).isEqualTo(4);
		assertThat(b.get()).isEqualTo(3);
	}

	@Test
	@DisplayName("T06 (i) an effect created after a memo chain was read runs on each later write")
	void T06i_effectCreatedAfterReadIsNotified() {
		Signal<Integer> s = signal(0);
		Memo<Integer> b = memo(() -> s.get() + 1);
		Memo<Integer> c = memo(() -> b.get() + 1);
		assertThat(c.get()).isEqualTo(2);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> seen.add(c.get()));
		assertThat(seen).containsExactly(2);
		s.set(1);
		assertThat(seen).containsExactly(2, 3);
		e.dispose();
	}

	@Test
	@DisplayName("T06 (ii) an effect created after an unread write sees the fresh memo value")
	void T06ii_effectCreatedAfterUnreadWriteSeesFreshValue() {
		Signal<Integer> s = signal(0);
		Memo<Integer> c = memo(s::get);
		assertThat(c.get()).isEqualTo(0);
		s.set(1);
		AtomicReference<Integer> v = new AtomicReference<>();
		Effect e = effect(() -> v.set(c.get()));
		assertThat(v).hasValue(1);
		s.set(2);
		assertThat(v).hasValue(2);
		e.dispose();
	}

	@Test
	@DisplayName("T06 (iii) a memo created after its upstream changed computes from the current state")
	void T06iii_memoCreatedLateOverChangedUpstream() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() * 2);
		a.set(5);
		Memo<Integer> c = memo(() -> b.get() + 1);
		assertThat(c.get()).isEqualTo(11);
		a.set(10);
		assertThat(c.get()).isEqualTo(21);
	}

	@Test
	@DisplayName("T07 untrack and peek of a stale memo return the fresh value")
	void T07_untrackedReadOfStaleMemoIsFresh() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() * 2);
		assertThat(b.get()).isEqualTo(2);
		a.set(5);
		assertThat(untrack(b::get)).isEqualTo(10);
		a.set(6);
		assertThat(b.peek()).isEqualTo(12);
	}

	@Test
	@DisplayName("T07 inside an effect, an untracked read of a stale memo is fresh and adds no dependency")
	void T07_untrackedReadInsideEffectIsFresh() {
		Signal<Integer> a = signal(1);
		Signal<Integer> trigger = signal(0);
		Memo<Integer> b = memo(() -> a.get() * 2);
		assertThat(b.get()).isEqualTo(2);
		List<Integer> seen = new ArrayList<>();
		Effect e = effect(() -> {
			trigger.get();
			seen.add(untrack(b::get));
		});
		a.set(5);
		assertThat(seen).as("the untracked memo is no dependency").containsExactly(2);
		trigger.set(1);
		assertThat(seen).containsExactly(2, 10);
		e.dispose();
	}

	@Test
	@DisplayName("T08 a memo that is never read is never evaluated")
	void T08_unreadMemoIsNeverEvaluated() {
		Signal<String> a = signal("a");
		Memo<String> b = memo(a::get);
		AtomicInteger n = new AtomicInteger();
		memo(() -> {
			n.incrementAndGet();
			return a.get();
		});
		assertThat(b.get()).isEqualTo("a");
		a.set("aa");
		assertThat(b.get()).isEqualTo("aa");
		assertThat(n).hasValue(0);
	}

	@Test
	@DisplayName("T09 disposing an effect deactivates the memos only it kept alive")
	void T09_disposingEffectDeactivatesItsMemos() {
		Signal<String> a = signal("a");
		AtomicInteger nb = new AtomicInteger();
		AtomicInteger nc = new AtomicInteger();
		AtomicInteger runs = new AtomicInteger();
		Memo<String> b = memo(() -> {
			nb.incrementAndGet();
			return a.get();
		});
		Memo<String> c = memo(() -> {
			nc.incrementAndGet();
			return b.get();
		});
		Memo<String> d = memo(a::get);
		Effect e = effect(() -> {
			runs.incrementAndGet();
			c.get();
		});
		assertThat(d.get()).isEqualTo("a");
		nb.set(0);
		nc.set(0);

		e.dispose();
		a.set("aa");
		assertThat(nb).hasValue(0);
		assertThat(nc).hasValue(0);
		assertThat(runs).hasValue(1);
		assertThat(d.get()).isEqualTo("aa");

		assertThat(c.get()).as("a deactivated memo recomputes on demand").isEqualTo("aa");
		assertThat(nb).hasValue(1);
		assertThat(nc).hasValue(1);
	}

}
