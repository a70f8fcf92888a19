package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.named;
import static dev.philjs.core.Reactive.onCleanup;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Spec sections K and L (T81-T85): memo errors are cached like values, the graph recovers
 * from errors, effects that throw are handled as decided, and memo cycles are detected.
 */
class ErrorAndCycleTests {

	@Test
	@DisplayName("T81 a memo error is cached and rethrown until a dependency really changes")
	void T81_memoErrorIsCachedUntilDependencyChanges() {
		Signal<Integer> a = signal(0);
		AtomicInteger n = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			n.incrementAndGet();
			throw new IllegalStateException("boom " + a.get());
		});
		AtomicInteger n2 = new AtomicInteger();
		Memo<Integer> c2 = memo(() -> {
			n2.incrementAndGet();
			return c.get();
		});
		Throwable first = catchThrowable(c::get);
		Throwable second = catchThrowable(c::get);
		assertThat(first).isInstanceOf(IllegalStateException.class).hasMessage("boom 0");
		assertThat(second).isSameAs(first);
		assertThat(n).hasValue(1);
		assertThat(catchThrowable(c2::get)).isSameAs(first);
		assertThat(catchThrowable(c2::get)).isSameAs(first);
		assertThat(n2).hasValue(1);
		assertThat(n).hasValue(1);

		a.set(1);
		assertThat(catchThrowable(c::get)).hasMessage("boom 1");
		assertThat(n).hasValue(2);
		assertThat(catchThrowable(c2::get)).hasMessage("boom 1");
		assertThat(n2).hasValue(2);

		a.set(1);
		assertThat(catchThrowable(c::get)).hasMessage("boom 1");
		assertThat(catchThrowable(c2::get)).hasMessage("boom 1");
		assertThat(n).hasValue(2);
		assertThat(n2).hasValue(2);
	}

	@Test
	@DisplayName("T81 a memo error stays cached while an effect watches the memo")
	void T81_memoErrorIsCachedWhileWatched() {
		Signal<Integer> a = signal(0);
		AtomicInteger n = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			n.incrementAndGet();
			throw new IllegalStateException("boom " + a.get());
		});
		List<String> seen = new ArrayList<>();
		effect(() -> {
			try {
				c.get();
			}
			catch (IllegalStateException ex) {
				seen.add(ex.getMessage());
			}
		});
		assertThat(seen).containsExactly("boom 0");
		assertThat(catchThrowable(c::get)).hasMessage("boom 0");
		assertThat(n).hasValue(1);
		a.set(0);
		assertThat(n).hasValue(1);
		assertThat(seen).containsExactly("boom 0");
		a.set(1);
		assertThat(n).hasValue(2);
		assertThat(seen).containsExactly("boom 0", "boom 1");
		a.set(1);
		assertThat(n).hasValue(2);
		assertThat(seen).containsExactly("boom 0", "boom 1");
	}

	@Test
	@DisplayName("T81 an Error subclass thrown by a memo is cached and rethrown as is")
	void T81_errorSubclassIsCached() {
		Signal<Integer> a = signal(0);
		AtomicInteger n = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			n.incrementAndGet();
			throw new TestError("error " + a.get());
		});
		Throwable first = catchThrowable(c::get);
		assertThat(first).isInstanceOf(TestError.class).hasMessage("error 0");
		assertThat(catchThrowable(c::get)).isSameAs(first);
		assertThat(n).hasValue(1);
		a.set(1);
		assertThat(catchThrowable(c::get)).isInstanceOf(TestError.class).hasMessage("error 1");
		assertThat(n).hasValue(2);
	}

	@Test
	@DisplayName("T81 an exception thrown by a memo's custom equals is cached like a computation error")
	void T81_throwingCustomEqualsIsCached() {
		Signal<Integer> a = signal(1);
		AtomicInteger n = new AtomicInteger();
		AtomicInteger equalsCalls = new AtomicInteger();
		Memo<Integer> m = memo(() -> {
			n.incrementAndGet();
			return a.get() * 2;
		}, (x, y) -> {
			equalsCalls.incrementAndGet();
			throw new IllegalArgumentException("bad equals");
		});
		assertThat(m.get()).isEqualTo(2);
		a.set(2);
		Throwable first = catchThrowable(m::get);
		assertThat(first).isInstanceOf(IllegalArgumentException.class).hasMessage("bad equals");
		assertThat(catchThrowable(m::get)).isSameAs(first);
		assertThat(n).hasValue(2);
		assertThat(equalsCalls).hasValue(1);
		a.set(3);
		assertThat(m.get()).isEqualTo(6);
		assertThat(n).hasValue(3);
	}

	@Test
	@DisplayName("T81 an exception thrown by the value's own equals (default equality) is cached too")
	void T81_throwingValueEqualsIsCached() {
		Signal<Integer> a = signal(1);
		Memo<Touchy> m = memo(() -> new Touchy(a.get()));
		Memo<Integer> downstream = memo(() -> m.get().value() * 10);
		assertThat(downstream.get()).isEqualTo(10);
		a.set(2);
		Throwable first = catchThrowable(m::get);
		assertThat(first).isInstanceOf(IllegalArgumentException.class).hasMessage("touchy equals");
		assertThat(catchThrowable(m::get)).isSameAs(first);
		assertThat(catchThrowable(downstream::get)).isSameAs(first);
		// the next computation follows a cached error: a change without comparing
		a.set(3);
		assertThat(m.get().value()).isEqualTo(3);
		assertThat(downstream.get()).isEqualTo(30);
	}

	/** A value whose {@code equals} throws. */
	record Touchy(int value) {

		@Override
		public boolean equals(Object other) {
			throw new IllegalArgumentException("touchy equals");
		}

		@Override
		public int hashCode() {
			return this.value;
		}

	}

	@Test
	@DisplayName("T82 a throwing memo recovers and alternates between throwing and values")
	void T82_throwingMemoRecoversAndAlternates() {
		Signal<Integer> a = signal(0);
		Memo<Integer> b = memo(() -> {
			if (a.get() == 1) {
				throw new IllegalStateException("one");
			}
			return a.get();
		});
		Memo<Integer> c = memo(() -> b.get() * 2);
		assertThat(c.get()).isZero();
		a.set(1);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(c::get).withMessage("one");
		a.set(2);
		assertThat(b.get()).isEqualTo(2);
		assertThat(c.get()).isEqualTo(4);
		a.set(3);
		assertThat(c.get()).isEqualTo(6);
		a.set(1);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(c::get);
		a.set(4);
		assertThat(c.get()).isEqualTo(8);
		a.set(1);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(c::get);
		a.set(5);
		assertThat(c.get()).isEqualTo(10);
	}

	@Test
	@DisplayName("T82 a throw on first activation does not corrupt other nodes")
	void T82_throwOnActivationDoesNotCorruptOtherNodes() {
		Signal<Integer> a = signal(0);
		Memo<Integer> bad = memo(() -> {
			a.get();
			throw new IllegalStateException("bad");
		});
		Memo<Integer> good = memo(a::get);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(bad::get);
		assertThat(good.get()).isZero();
		a.set(1);
		assertThat(good.get()).isEqualTo(1);
	}

	@Test
	@DisplayName("T82 an error in one branch leaves an unrelated branch evaluating once per change")
	void T82_errorInOneBranchLeavesOtherBranchIntact() {
		Signal<Integer> a = signal(0);
		Memo<Integer> bad = memo(() -> {
			a.get();
			throw new IllegalStateException("bad");
		});
		AtomicInteger okRuns = new AtomicInteger();
		Memo<Integer> ok = memo(() -> {
			okRuns.incrementAndGet();
			return a.get() + 1;
		});
		List<Integer> seen = new ArrayList<>();
		effect(() -> {
			try {
				bad.get();
			}
			catch (IllegalStateException ex) {
				// expected: this branch always fails
			}
			seen.add(ok.get());
		});
		assertThat(okRuns).hasValue(1);
		a.set(1);
		assertThat(okRuns).hasValue(2);
		a.set(2);
		assertThat(okRuns).hasValue(3);
		assertThat(seen).containsExactly(1, 2, 3);
	}

	@Test
	@DisplayName("T82 a downstream that catches its upstream's error gives ok before and after a change")
	void T82_downstreamCatchingUpstreamErrorStaysOk() {
		Signal<Integer> a = signal(0);
		Memo<Integer> up = memo(() -> {
			a.get();
			throw new IllegalStateException("up");
		});
		Memo<String> down = memo(() -> {
			try {
				up.get();
				return "value";
			}
			catch (IllegalStateException ex) {
				return "ok";
			}
		});
		assertThat(down.get()).isEqualTo("ok");
		a.set(1);
		assertThat(down.get()).isEqualTo("ok");
	}

	@Test
	@DisplayName("T83(i) when a re-run throws, the previous cleanup ran once and is not called again")
	void T83_previousCleanupRunsOnceWhenReRunThrows() {
		Signal<Integer> a = signal(0);
		AtomicInteger cleanups = new AtomicInteger();
		AtomicInteger runs = new AtomicInteger();
		effect(() -> {
			runs.incrementAndGet();
			if (a.get() != 0) {
				throw new IllegalStateException("hello");
			}
			onCleanup(cleanups::incrementAndGet);
		});
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> a.set(1)).withMessage("hello");
		assertThat(cleanups).hasValue(1);
		// a re-run that throws leaves the effect subscribed; only a failed first run
		// disposes it
		a.set(0);
		assertThat(runs).hasValue(3);
		assertThat(cleanups).hasValue(1);
	}

	@Test
	@DisplayName("T83(ii) a throwing cleanup propagates to the writer and disposes the effect")
	void T83_throwingCleanupPropagatesAndDisposesTheEffect() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Effect e = effect(() -> {
			runs.incrementAndGet();
			a.get();
			onCleanup(() -> {
				throw new IllegalStateException("cleanup failed");
			});
		});
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> a.set(1)).withMessage("cleanup failed");
		assertThat(e.isDisposed()).isTrue();
		assertThat(runs).hasValue(1);
		assertThatNoException().isThrownBy(() -> {
			a.set(2);
			a.set(3);
		});
		assertThat(runs).hasValue(1);
	}

	@Test
	@DisplayName("T83(iii) an error in the first run propagates out of effect(...) and disposes the effect")
	void T83_firstRunErrorPropagatesAndDisposesTheEffect() {
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger cleanups = new AtomicInteger();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> effect(() -> {
			runs.incrementAndGet();
			a.get();
			onCleanup(cleanups::incrementAndGet);
			throw new IllegalStateException("first run");
		})).withMessage("first run");
		assertThat(cleanups).hasValue(1);
		a.set(1);
		a.set(2);
		assertThat(runs).hasValue(1);
		assertThat(cleanups).hasValue(1);
	}

	@Test
	@DisplayName("T84 a memo reading itself directly throws CycleDetectedException naming it")
	void T84_directSelfReadIsDetected() {
		AtomicReference<Memo<Integer>> self = new AtomicReference<>();
		Memo<Integer> c = named("selfish").memo(() -> self.get().get());
		self.set(c);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(c::get).withMessageContaining("selfish");
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(c::peek).withMessageContaining("selfish");
	}

	@Test
	@DisplayName("T84 a memo reading itself via peek throws CycleDetectedException")
	void T84_selfReadViaPeekIsDetected() {
		AtomicReference<Memo<Integer>> self = new AtomicReference<>();
		Memo<Integer> c = named("peeker").memo(() -> self.get().peek());
		self.set(c);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(c::peek).withMessageContaining("peeker");
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(c::get).withMessageContaining("peeker");
	}

	@Test
	@DisplayName("T84 a 4-memo ring throws CycleDetectedException naming the memo that was read")
	void T84_fourMemoRingIsDetected() {
		List<AtomicReference<Memo<Integer>>> refs = List.of(new AtomicReference<>(), new AtomicReference<>(),
				new AtomicReference<>(), new AtomicReference<>());
		Memo<Integer> a = named("ring-a").memo(() -> refs.get(3).get().get());
		Memo<Integer> b = named("ring-b").memo(() -> refs.get(0).get().get());
		Memo<Integer> c = named("ring-c").memo(() -> refs.get(1).get().get());
		Memo<Integer> d = named("ring-d").memo(() -> refs.get(2).get().get());
		refs.get(0).set(a);
		refs.get(1).set(b);
		refs.get(2).set(c);
		refs.get(3).set(d);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(a::get).withMessageContaining("ring-a");
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(c::get);
	}

	@Test
	@DisplayName("T84 a 2-memo ring is detected through a reader memo")
	void T84_twoMemoRingIsDetectedThroughReader() {
		AtomicReference<Memo<Integer>> second = new AtomicReference<>();
		Memo<Integer> first = memo(() -> second.get().get());
		second.set(memo(first::get));
		Memo<Integer> reader = memo(() -> first.get() + 1);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(reader::get);
	}

	@Test
	@DisplayName("T85 a memo that catches its own self-read recovers after its dependency changes")
	void T85_memoCatchingSelfReadRecovers() {
		Signal<Integer> a = signal(0);
		AtomicReference<Memo<Integer>> self = new AtomicReference<>();
		Memo<Integer> c = memo(() -> {
			if (a.get() == 0) {
				try {
					self.get().get();
				}
				catch (CycleDetectedException ex) {
					return -1;
				}
			}
			return a.get();
		});
		self.set(c);
		assertThat(c.get()).isEqualTo(-1);
		a.set(1);
		assertThat(c.get()).isEqualTo(1);
	}

	@Test
	@DisplayName("T85 a memo that swallowed a self-read can be read from an effect without throwing")
	void T85_memoThatSwallowedSelfReadIsReadableFromEffect() {
		Signal<Integer> a = signal(0);
		AtomicReference<Memo<Integer>> self = new AtomicReference<>();
		AtomicInteger evaluations = new AtomicInteger();
		Memo<Integer> c = memo(() -> {
			evaluations.incrementAndGet();
			try {
				self.get().get();
			}
			catch (CycleDetectedException ex) {
				// swallowed on purpose
			}
			return a.get();
		});
		self.set(c);
		assertThat(c.get()).isZero();
		List<Integer> seen = new ArrayList<>();
		assertThatNoException().isThrownBy(() -> effect(() -> seen.add(c.get())));
		a.set(1);
		assertThat(seen).containsExactly(0, 1);
		assertThat(evaluations).hasValue(2);
	}

	@Test
	@DisplayName("T85 a cycle created by a branch throws instead of hanging")
	void T85_cycleCreatedByBranchThrows() {
		Signal<Integer> d = signal(1);
		AtomicReference<Memo<Integer>> self = new AtomicReference<>();
		Memo<Integer> f = named("branchy").memo(() -> {
			Memo<Integer> me = self.get();
			return (me != null) ? me.get() : d.get();
		}, (x, y) -> false);
		assertThat(f.get()).isEqualTo(1);
		self.set(f);
		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(f.get()));
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> d.set(0))
			.withMessageContaining("branchy");
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(f::get);
		assertThat(seen).containsExactly(1);
	}

	@Test
	@DisplayName("T85 a cycle created by a branch throws on read when nothing watches the memo")
	void T85_cycleCreatedByBranchThrowsOnRead() {
		Signal<Integer> d = signal(1);
		AtomicReference<Memo<Integer>> self = new AtomicReference<>();
		Memo<Integer> f = memo(() -> {
			Memo<Integer> me = self.get();
			return (me != null) ? me.get() : d.get();
		}, (x, y) -> false);
		assertThat(f.get()).isEqualTo(1);
		self.set(f);
		d.set(0);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(f::get);
	}

	/** A non-exception throwable thrown by a memo. */
	static final class TestError extends Error {

		private static final long serialVersionUID = 1L;

		TestError(String message) {
			super(message);
		}

	}

}
