package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.createRoot;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.getOwner;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.onCleanup;
import static dev.philjs.core.Reactive.runWithOwner;
import static dev.philjs.core.Reactive.signal;
import static dev.philjs.core.Reactive.untrack;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The current owner seen by user code while memos and effects run, nested in each other
 * and around untracked code, custom equalities, update functions, cleanups and context
 * scopes: the engine takes the running node as the owner unless an owner was set during
 * that very run (a scope, {@code runWithOwner}), and pins the owner whenever it clears
 * the subscriber, so every one of these must still see the right owner.
 */
class CurrentOwnerTests {

	@Test
	void memoAndEffectBodiesSeeThemselvesAsOwnerAndTheOuterOwnerComesBackAfterANestedRun() {
		Signal<Integer> source = signal(1);
		AtomicReference<Owner> inMemo = new AtomicReference<>();
		AtomicReference<Owner> inEffectBefore = new AtomicReference<>();
		AtomicReference<Owner> inEffectAfter = new AtomicReference<>();
		Memo<Integer> doubled = memo(() -> {
			inMemo.set(getOwner());
			return source.get() * 2;
		});
		Effect watcher = createRoot((root) -> effect(() -> {
			inEffectBefore.set(getOwner());
			doubled.get();
			inEffectAfter.set(getOwner());
		}));
		assertThat(inMemo.get()).isSameAs(doubled);
		assertThat(inEffectBefore.get()).isSameAs(watcher);
		assertThat(inEffectAfter.get()).isSameAs(watcher);
		source.set(2);
		assertThat(inMemo.get()).isSameAs(doubled);
		assertThat(inEffectAfter.get()).isSameAs(watcher);
		assertThat(getOwner()).isNull();
	}

	@Test
	void untrackedCodeInsideAMemoStillHasTheMemoAsOwnerAndItsCleanupRunsOnRecompute() {
		Signal<Integer> source = signal(1);
		Signal<Integer> other = signal(10);
		AtomicReference<Owner> inUntrack = new AtomicReference<>();
		AtomicReference<Owner> afterUntrack = new AtomicReference<>();
		List<String> log = new ArrayList<>();
		Memo<Integer> sum = memo(() -> {
			int s = source.get();
			int o = untrack(() -> {
				inUntrack.set(getOwner());
				onCleanup(() -> log.add("cleanup " + s));
				return other.get();
			});
			afterUntrack.set(getOwner());
			return s + o;
		});
		createRoot((root) -> effect(() -> sum.get()));
		assertThat(inUntrack.get()).isSameAs(sum);
		assertThat(afterUntrack.get()).isSameAs(sum);
		other.set(20);
		assertThat(log).as("an untracked read does not re-run the memo").isEmpty();
		source.set(2);
		assertThat(log).containsExactly("cleanup 1");
		assertThat(sum.peek()).isEqualTo(22);
	}

	@Test
	void customEqualitiesRunUntrackedInTheReadersContextAndUpdateFunctionsUnderTheRunningNode() {
		Signal<Integer> source = signal(1);
		Signal<Integer> probe = signal(0);
		AtomicReference<Owner> inEquality = new AtomicReference<>();
		AtomicReference<Owner> inUpdate = new AtomicReference<>();
		AtomicReference<Owner> afterUpdate = new AtomicReference<>();
		Memo<Integer> parity = Reactive.memo(() -> source.get() % 2, (a, b) -> {
			inEquality.set(getOwner());
			probe.get();
			return a.equals(b);
		});
		Signal<Integer> counter = signal(0);
		Effect watcher = createRoot((root) -> effect(() -> {
			parity.get();
			counter.update((n) -> {
				inUpdate.set(getOwner());
				return n + 1;
			});
			afterUpdate.set(getOwner());
		}));
		source.set(3);
		// the equality runs after the computation, in the reader's context: here the
		// flush,
		// outside any owner
		assertThat(inEquality.get()).isNull();
		assertThat(inUpdate.get()).isSameAs(watcher);
		assertThat(afterUpdate.get()).isSameAs(watcher);
		int runs = counter.peek();
		probe.set(1);
		assertThat(counter.peek()).as("the equality's read belongs to nobody").isEqualTo(runs);
	}

	@Test
	void runWithOwnerInsideAnEffectSwitchesTheOwnerAndGivesTheEffectBack() {
		AtomicReference<Owner> other = new AtomicReference<>();
		AtomicReference<Owner> inside = new AtomicReference<>();
		AtomicReference<Owner> after = new AtomicReference<>();
		createRoot((root) -> {
			other.set(getOwner());
			return null;
		});
		Effect watcher = createRoot((root) -> effect(() -> {
			runWithOwner(other.get(), () -> {
				inside.set(getOwner());
				return null;
			});
			after.set(getOwner());
		}));
		assertThat(inside.get()).isSameAs(other.get());
		assertThat(after.get()).isSameAs(watcher);
	}

	@Test
	void aContextScopeInsideAnEffectOutlivesNestedRunsAndUntrackedCode() {
		Context<String> theme = Reactive.createContext("default");
		Signal<Integer> source = signal(1);
		AtomicReference<Owner> inMemo = new AtomicReference<>();
		List<String> seen = new ArrayList<>();
		Memo<String> label = memo(() -> {
			inMemo.set(getOwner());
			return Reactive.useContext(theme) + source.get();
		});
		AtomicReference<Owner> scope = new AtomicReference<>();
		Effect watcher = createRoot((root) -> effect(() -> theme.provide("dark", () -> {
			Owner before = getOwner();
			scope.set(before);
			String computed = label.get();
			Owner afterRun = getOwner();
			String untracked = untrack(() -> Reactive.useContext(theme) + (getOwner() == before));
			seen.add(computed + " " + Reactive.useContext(theme) + " " + (afterRun == before) + " " + untracked + " "
					+ (getOwner() == before));
		})));
		assertThat(scope.get()).isNotSameAs(watcher).isNotNull();
		assertThat(inMemo.get()).isSameAs(label);
		source.set(2);
		assertThat(inMemo.get()).as("a nested run owns itself inside the scope").isSameAs(label);
		assertThat(seen).containsExactly("default1 dark true darktrue true", "default2 dark true darktrue true");
		assertThat(getOwner()).isNull();
	}

}
