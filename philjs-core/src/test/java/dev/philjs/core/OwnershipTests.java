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
import static dev.philjs.core.Reactive.runWithOwner;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Spec section H (T67-T74): nested effects belong to their parent, roots, runWithOwner,
 * and the order in which owners are disposed.
 */
class OwnershipTests {

	@Test
	@DisplayName("T67 the outer effect runs before the inner one, which sees the outer's state")
	void T67_outerRunsBeforeInnerAndInnerSeesOuterState() {
		Signal<Integer> a = signal(0);
		List<String> log = new ArrayList<>();
		effect(() -> {
			log.add("outer");
			String local = "x" + a.get();
			effect(() -> log.add("inner:" + local));
		});
		assertThat(log).containsExactly("outer", "inner:x0");
		a.set(1);
		assertThat(log).containsExactly("outer", "inner:x0", "outer", "inner:x1");
	}

	@Test
	@DisplayName("T68 a child effect's dependencies are independent of its parent's")
	void T68_childDependenciesAreIndependent() {
		Signal<Integer> parent = signal(0);
		Signal<Integer> child = signal(0);
		AtomicInteger parentRuns = new AtomicInteger();
		AtomicInteger childRuns = new AtomicInteger();
		effect(() -> {
			parentRuns.incrementAndGet();
			parent.get();
			effect(() -> {
				childRuns.incrementAndGet();
				child.get();
			});
		});
		assertThat(parentRuns).hasValue(1);
		assertThat(childRuns).hasValue(1);
		child.set(1);
		assertThat(parentRuns).hasValue(1);
		assertThat(childRuns).hasValue(2);
		parent.set(1);
		assertThat(parentRuns).hasValue(2);
		assertThat(childRuns).hasValue(3);
		child.set(2);
		assertThat(parentRuns).hasValue(2);
		assertThat(childRuns).hasValue(4);
		parent.set(2);
		assertThat(parentRuns).hasValue(3);
		assertThat(childRuns).hasValue(5);
	}

	@Test
	@DisplayName("T68 a parent writing a signal that only its child reads does not re-trigger itself")
	void T68_parentWritingChildLocalSignalDoesNotRetriggerParent() {
		Signal<Integer> parent = signal(0);
		Signal<Integer> childInput = signal(0);
		AtomicInteger parentRuns = new AtomicInteger();
		List<Integer> childSeen = new ArrayList<>();
		effect(() -> {
			parentRuns.incrementAndGet();
			int p = parent.get();
			effect(() -> childSeen.add(childInput.get()));
			childInput.set(p + 100);
		});
		assertThat(parentRuns).hasValue(1);
		assertThat(childSeen).containsExactly(0, 100);
		parent.set(1);
		assertThat(parentRuns).hasValue(2);
		assertThat(childSeen).containsExactly(0, 100, 100, 101);
	}

	@Test
	@DisplayName("T69 after the outer effect re-runs, exactly one inner effect reacts")
	void T69_outerReRunDoesNotAccumulateInnerEffects() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger innerRuns = new AtomicInteger();
		effect(() -> {
			a.get();
			effect(() -> {
				b.get();
				innerRuns.incrementAndGet();
			});
		});
		a.set(1);
		a.set(2);
		assertThat(innerRuns).hasValue(3);
		b.set(1);
		assertThat(innerRuns).hasValue(4);
	}

	@Test
	@DisplayName("T69 disposing the outer effect disposes middle and inner effects (three levels)")
	void T69_disposingOuterCascadesThroughThreeLevels() {
		Signal<Integer> m = signal(0);
		Signal<Integer> i = signal(0);
		AtomicInteger middleRuns = new AtomicInteger();
		AtomicInteger innerRuns = new AtomicInteger();
		Effect outer = effect(() -> effect(() -> {
			m.get();
			middleRuns.incrementAndGet();
			effect(() -> {
				i.get();
				innerRuns.incrementAndGet();
			});
		}));
		outer.dispose();
		m.set(1);
		i.set(1);
		assertThat(middleRuns).hasValue(1);
		assertThat(innerRuns).hasValue(1);
	}

	@Test
	@DisplayName("T69 switching the branch calls the old conditional child's cleanup once")
	void T69_switchingBranchCleansUpOldChildOnce() {
		Signal<Boolean> show = signal(true);
		Signal<Integer> other = signal(0);
		AtomicInteger childCleanups = new AtomicInteger();
		AtomicInteger childRuns = new AtomicInteger();
		effect(() -> {
			if (show.get()) {
				effect(() -> {
					other.get();
					childRuns.incrementAndGet();
					onCleanup(childCleanups::incrementAndGet);
				});
			}
		});
		show.set(false);
		assertThat(childCleanups).hasValue(1);
		other.set(1);
		assertThat(childRuns).hasValue(1);
		assertThat(childCleanups).hasValue(1);
		show.set(true);
		assertThat(childRuns).hasValue(2);
		show.set(false);
		assertThat(childCleanups).hasValue(2);
		other.set(2);
		assertThat(childRuns).hasValue(2);
		assertThat(childCleanups).hasValue(2);
	}

	@Test
	@DisplayName("T70 on an outer re-run the inner cleanup runs first, then the outer's, then the runs")
	void T70_reRunDisposesInnerBeforeOuterCleanup() {
		Signal<Integer> a = signal(0);
		List<String> log = new ArrayList<>();
		Effect outer = effect(() -> {
			a.get();
			log.add("outer:run");
			onCleanup(() -> log.add("outer:cleanup"));
			effect(() -> {
				log.add("inner:run");
				onCleanup(() -> log.add("inner:cleanup"));
			});
		});
		assertThat(log).containsExactly("outer:run", "inner:run");
		log.clear();
		a.set(1);
		assertThat(log).containsExactly("inner:cleanup", "outer:cleanup", "outer:run", "inner:run");
		log.clear();
		outer.dispose();
		assertThat(log).containsExactly("inner:cleanup", "outer:cleanup");
	}

	@Test
	@DisplayName("T70 sibling children are disposed in reverse creation order, before the parent")
	void T70_siblingsDisposedInReverseCreationOrder() {
		List<String> log = new ArrayList<>();
		Effect outer = effect(() -> {
			onCleanup(() -> log.add("outer"));
			for (int i = 1; i <= 3; i++) {
				String name = "inner" + i;
				effect(() -> onCleanup(() -> log.add(name)));
			}
		});
		outer.dispose();
		assertThat(log).containsExactly("inner3", "inner2", "inner1", "outer");
	}

	@Test
	@DisplayName("T70 three levels are disposed depth-first: grandchild, child, outer")
	void T70_threeLevelsDisposedDepthFirst() {
		List<String> log = new ArrayList<>();
		Effect outer = effect(() -> {
			onCleanup(() -> log.add("outer"));
			effect(() -> {
				onCleanup(() -> log.add("child"));
				effect(() -> onCleanup(() -> log.add("grandchild")));
			});
		});
		outer.dispose();
		assertThat(log).containsExactly("grandchild", "child", "outer");
	}

	@Test
	@DisplayName("T70 the inner-before-outer order also holds after the inner effect re-ran alone")
	void T70_orderHoldsAfterInnerOnlyReRun() {
		Signal<Integer> b = signal(0);
		List<String> log = new ArrayList<>();
		Effect outer = effect(() -> {
			onCleanup(() -> log.add("outer:cleanup"));
			effect(() -> {
				b.get();
				log.add("inner:run");
				onCleanup(() -> log.add("inner:cleanup"));
			});
		});
		log.clear();
		b.set(1);
		assertThat(log).containsExactly("inner:cleanup", "inner:run");
		log.clear();
		outer.dispose();
		assertThat(log).containsExactly("inner:cleanup", "outer:cleanup");
	}

	@Test
	@DisplayName("T70 disposing a root disposes its subtrees last-first, each depth-first, then itself")
	void T70_rootDisposalOrderAcrossSubtrees() {
		List<String> log = new ArrayList<>();
		Disposable root = createRoot((r) -> {
			onCleanup(() -> log.add("ROOT"));
			for (int i = 1; i <= 2; i++) {
				String n = String.valueOf(i);
				createRoot((subtree) -> {
					onCleanup(() -> log.add("SUBTREE " + n));
					effect(() -> {
						onCleanup(() -> log.add("+A" + n));
						effect(() -> {
							onCleanup(() -> log.add("+B" + n));
							effect(() -> onCleanup(() -> log.add("+C" + n)));
						});
					});
					return null;
				});
			}
			return r;
		});
		root.dispose();
		assertThat(log).containsExactly("+C2", "+B2", "+A2", "SUBTREE 2", "+C1", "+B1", "+A1", "SUBTREE 1", "ROOT");
	}

	@Test
	@DisplayName("T70 children are cleaned before the parent even when the parent's cleanup came first")
	void T70_childrenCleanedBeforeParentRegardlessOfRegistrationOrder() {
		List<String> calls = new ArrayList<>();
		Disposable root = createRoot((r) -> {
			onCleanup(() -> calls.add(calls.size() + 1 + ":parent"));
			effect(() -> onCleanup(() -> calls.add(calls.size() + 1 + ":A")));
			effect(() -> onCleanup(() -> calls.add(calls.size() + 1 + ":B")));
			return r;
		});
		root.dispose();
		assertThat(calls).containsExactly("1:B", "2:A", "3:parent");
	}

	@Test
	@DisplayName("T71 several cleanups on one effect run last in, first out, on re-run and on dispose")
	void T71_cleanupsOnOneEffectRunLastInFirstOut() {
		Signal<Integer> a = signal(0);
		List<String> log = new ArrayList<>();
		Effect e = effect(() -> {
			a.get();
			onCleanup(() -> log.add("c1"));
			onCleanup(() -> log.add("c2"));
			onCleanup(() -> log.add("c3"));
		});
		a.set(1);
		assertThat(log).containsExactly("c3", "c2", "c1");
		log.clear();
		e.dispose();
		assertThat(log).containsExactly("c3", "c2", "c1");
	}

	@Test
	@DisplayName("T71 several cleanups on one root run last in, first out")
	void T71_cleanupsOnOneRootRunLastInFirstOut() {
		List<String> log = new ArrayList<>();
		Disposable root = createRoot((r) -> {
			onCleanup(() -> log.add("c1"));
			onCleanup(() -> log.add("c2"));
			onCleanup(() -> log.add("c3"));
			return r;
		});
		root.dispose();
		assertThat(log).containsExactly("c3", "c2", "c1");
	}

	@Test
	@DisplayName("T72 a memo re-evaluating cleans its old inner effect before its body runs")
	void T72_memoCleansOldInnerEffectBeforeEvaluating() {
		Signal<Integer> a = signal(0);
		List<String> log = new ArrayList<>();
		Memo<Integer> m = memo(() -> {
			log.add("computed:eval");
			effect(() -> {
				log.add("inner:run");
				onCleanup(() -> log.add("inner:cleanup"));
			});
			return a.get();
		});
		effect(m::get);
		assertThat(log).containsExactly("computed:eval", "inner:run");
		log.clear();
		a.set(1);
		assertThat(log).containsExactly("inner:cleanup", "computed:eval", "inner:run");
	}

	@Test
	@DisplayName("T72 a memo losing its last subscriber cleans its child effects last-first")
	void T72_unwatchedMemoCleansChildEffectsInReverseOrder() {
		Signal<Integer> a = signal(0);
		List<String> log = new ArrayList<>();
		Memo<Integer> m = memo(() -> {
			for (int i = 1; i <= 3; i++) {
				String name = "e" + i;
				effect(() -> onCleanup(() -> log.add(name)));
			}
			return a.get();
		});
		Effect watcher = effect(m::get);
		assertThat(log).isEmpty();
		watcher.dispose();
		assertThat(log).containsExactly("e3", "e2", "e1");
	}

	@Test
	@DisplayName("T73(i) a root body that reads a signal is not reactive")
	void T73_rootBodyIsNotReactive() {
		Signal<Integer> s = signal(0);
		AtomicInteger runs = new AtomicInteger();
		createRoot((root) -> {
			runs.incrementAndGet();
			return s.get();
		});
		s.set(1);
		s.set(2);
		assertThat(runs).hasValue(1);
	}

	@Test
	@DisplayName("T73(ii) disposing a root runs its cleanups and disposes its effects and memos")
	void T73_disposingRootDisposesEverythingCreatedInIt() {
		Signal<Integer> s = signal(0);
		AtomicInteger effectRuns = new AtomicInteger();
		AtomicInteger memoRuns = new AtomicInteger();
		AtomicInteger rootCleanups = new AtomicInteger();
		AtomicReference<Memo<Integer>> memoRef = new AtomicReference<>();
		Disposable root = createRoot((r) -> {
			onCleanup(rootCleanups::incrementAndGet);
			Memo<Integer> m = memo(() -> {
				memoRuns.incrementAndGet();
				return s.get() * 10;
			});
			memoRef.set(m);
			effect(() -> {
				effectRuns.incrementAndGet();
				m.get();
			});
			return r;
		});
		s.set(1);
		assertThat(effectRuns).hasValue(2);
		assertThat(memoRuns).hasValue(2);
		root.dispose();
		assertThat(root.isDisposed()).isTrue();
		assertThat(rootCleanups).hasValue(1);
		s.set(2);
		assertThat(effectRuns).hasValue(2);
		assertThat(memoRef.get().get()).isEqualTo(10);
		assertThat(memoRuns).hasValue(2);
	}

	@Test
	@DisplayName("T73(iii) a root created inside an effect is disposed with that effect")
	void T73_rootNestedInEffectIsDisposedWithIt() {
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		AtomicInteger rootCleanups = new AtomicInteger();
		AtomicInteger innerRuns = new AtomicInteger();
		Effect outer = effect(() -> {
			a.get();
			createRoot((root) -> {
				onCleanup(rootCleanups::incrementAndGet);
				return effect(() -> {
					b.get();
					innerRuns.incrementAndGet();
				});
			});
		});
		a.set(1);
		assertThat(rootCleanups).hasValue(1);
		assertThat(innerRuns).hasValue(2);
		b.set(1);
		assertThat(innerRuns).hasValue(3);
		outer.dispose();
		assertThat(rootCleanups).hasValue(2);
		b.set(2);
		assertThat(innerRuns).hasValue(3);
	}

	@Test
	@DisplayName("T73(iv) calling dispose from inside a cleanup during disposal does not throw")
	void T73_disposeCalledDuringDisposalDoesNotThrow() {
		AtomicInteger rootCleanups = new AtomicInteger();
		AtomicInteger effectCleanups = new AtomicInteger();
		Disposable root = createRoot((r) -> {
			onCleanup(() -> {
				rootCleanups.incrementAndGet();
				r.dispose();
			});
			effect(() -> onCleanup(() -> {
				effectCleanups.incrementAndGet();
				r.dispose();
			}));
			return r;
		});
		assertThatNoException().isThrownBy(root::dispose);
		assertThat(rootCleanups).hasValue(1);
		assertThat(effectCleanups).hasValue(1);
		assertThat(root.isDisposed()).isTrue();
	}

	@Test
	@DisplayName("T73(v) runWithOwner attaches new effects and cleanups to the given owner")
	void T73_runWithOwnerAttachesToTheOwner() {
		Signal<Integer> s = signal(0);
		AtomicReference<Owner> rootOwner = new AtomicReference<>();
		Disposable root = createRoot((r) -> {
			rootOwner.set(getOwner());
			return r;
		});
		assertThat(getOwner()).isNull();
		assertThat(rootOwner.get()).isNotNull();
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger cleanups = new AtomicInteger();
		AtomicReference<Owner> effectParent = new AtomicReference<>();
		runWithOwner(rootOwner.get(), () -> {
			assertThat(getOwner()).isSameAs(rootOwner.get());
			effect(() -> {
				runs.incrementAndGet();
				s.get();
				effectParent.set(getOwner().parent());
			});
			onCleanup(cleanups::incrementAndGet);
			return null;
		});
		assertThat(getOwner()).isNull();
		assertThat(effectParent.get()).isSameAs(rootOwner.get());
		s.set(1);
		assertThat(runs).hasValue(2);
		root.dispose();
		assertThat(rootOwner.get().isDisposed()).isTrue();
		assertThat(cleanups).hasValue(1);
		s.set(2);
		assertThat(runs).hasValue(2);
	}

	@Test
	@DisplayName("T73(vi) a root used as an intermediate scope in an effect is disposed before the outer cleanup")
	void T73_intermediateScopeDisposedBeforeOuterCleanup() {
		Signal<Integer> a = signal(0);
		List<String> log = new ArrayList<>();
		effect(() -> {
			a.get();
			onCleanup(() -> log.add("outer:cleanup"));
			createRoot((scope) -> {
				onCleanup(() -> log.add("scope:cleanup"));
				return effect(() -> onCleanup(() -> log.add("scope-effect:cleanup")));
			});
		});
		a.set(1);
		assertThat(log).containsExactly("scope-effect:cleanup", "scope:cleanup", "outer:cleanup");
	}

	@Test
	@DisplayName("T73(vii) a memo inside a root still caches, and stops after the root is disposed")
	void T73_memoInsideRootCaches() {
		Signal<Integer> a = signal(0);
		AtomicInteger evaluations = new AtomicInteger();
		AtomicReference<Memo<Integer>> ref = new AtomicReference<>();
		Disposable root = createRoot((r) -> {
			Memo<Integer> m = memo(() -> {
				evaluations.incrementAndGet();
				return a.get();
			});
			ref.set(m);
			assertThat(m.get()).isZero();
			assertThat(m.get()).isZero();
			return r;
		});
		Memo<Integer> m = ref.get();
		assertThat(evaluations).hasValue(1);
		a.set(1);
		assertThat(m.get()).isEqualTo(1);
		assertThat(m.get()).isEqualTo(1);
		assertThat(evaluations).hasValue(2);
		root.dispose();
		a.set(2);
		assertThat(m.get()).isEqualTo(1);
		assertThat(evaluations).hasValue(2);
	}

	@Test
	@DisplayName("T74 a disposed memo returns its last value, never recomputes and never throws")
	void T74_disposedMemoReturnsLastValueWithoutRecomputing() {
		Signal<Integer> a = signal(1);
		AtomicInteger evaluations = new AtomicInteger();
		AtomicReference<Memo<Integer>> ref = new AtomicReference<>();
		Disposable root = createRoot((r) -> {
			ref.set(memo(() -> {
				evaluations.incrementAndGet();
				return a.get() * 10;
			}));
			return r;
		});
		Memo<Integer> m = ref.get();
		assertThat(m.get()).isEqualTo(10);
		root.dispose();
		a.set(2);
		assertThat(m.get()).isEqualTo(10);
		assertThat(m.peek()).isEqualTo(10);
		assertThat(evaluations).hasValue(1);
	}

	@Test
	@DisplayName("T74 reading a disposed memo inside an effect creates no dependency")
	void T74_readingDisposedMemoInEffectCreatesNoDependency() {
		Signal<Integer> a = signal(1);
		AtomicInteger evaluations = new AtomicInteger();
		AtomicReference<Memo<Integer>> ref = new AtomicReference<>();
		Disposable root = createRoot((r) -> {
			ref.set(memo(() -> {
				evaluations.incrementAndGet();
				return a.get() * 10;
			}));
			return r;
		});
		Memo<Integer> m = ref.get();
		m.get();
		root.dispose();
		List<Integer> seen = new ArrayList<>();
		effect(() -> seen.add(m.get()));
		a.set(2);
		a.set(3);
		assertThat(seen).containsExactly(10);
		assertThat(evaluations).hasValue(1);
	}

	@Test
	@DisplayName("T74 a memo disposed before its first read never runs and reads do not throw")
	void T74_memoDisposedBeforeFirstReadNeverRuns() {
		Signal<Integer> a = signal(1);
		AtomicInteger evaluations = new AtomicInteger();
		AtomicReference<Memo<Integer>> ref = new AtomicReference<>();
		Disposable root = createRoot((r) -> {
			ref.set(memo(() -> {
				evaluations.incrementAndGet();
				return a.get();
			}));
			return r;
		});
		root.dispose();
		assertThatNoException().isThrownBy(() -> ref.get().get());
		assertThat(ref.get().get()).isNull();
		assertThat(evaluations).hasValue(0);
	}

}
