package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.createRoot;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * User code that changes the graph's subscriber links while an effect pulls its pending
 * memos (a memo body or a custom equality that disposes or creates subscribers). The pull
 * walks down chains of pending memos and back up the links it came through; these pin
 * that it neither loses its way back nor skips the rest of the effect's dependencies when
 * such a link goes away under it. They guard any shortcut on that walk (one was tried: a
 * memo's only subscriber link not remembered but read back from the memo).
 */
class PullWalkMutationTests {

	@Test
	@DisplayName("a memo body that disposes the effect pulling it: the flush goes on and later writes work")
	void memoBodyDisposesThePullingEffect() {
		inRoot(() -> {
			Signal<Integer> s = signal(0);
			AtomicReference<Effect> victim = new AtomicReference<>();
			AtomicBoolean strike = new AtomicBoolean();
			Memo<Integer> a = memo(() -> {
				int v = s.get() + 1;
				if (strike.getAndSet(false)) {
					victim.get().dispose();
				}
				return v;
			});
			Memo<Integer> b = memo(() -> a.get() * 2);
			List<Integer> seenByVictim = new ArrayList<>();
			victim.set(effect(() -> seenByVictim.add(b.get())));
			List<Integer> seenByOther = new ArrayList<>();
			effect(() -> seenByOther.add(s.get()));

			strike.set(true);
			s.set(1);

			assertThat(victim.get().isDisposed()).isTrue();
			assertThat(seenByVictim).containsExactly(2);
			assertThat(seenByOther).containsExactly(0, 1);
			assertThat(b.get()).isEqualTo(4);
			s.set(2);
			assertThat(seenByOther).containsExactly(0, 1, 2);
			assertThat(b.get()).isEqualTo(6);
		});
	}

	@Test
	@DisplayName("a custom equality that moves a pending memo's only subscriber elsewhere: the pull still checks the rest")
	void customEqualityMovesTheOnlySubscriber() {
		inRoot(() -> {
			AtomicReference<Runnable> hook = new AtomicReference<>();
			Signal<Integer> s = signal(0, (x, y) -> {
				Runnable r = hook.getAndSet(null);
				if (r != null) {
					r.run();
				}
				return x.equals(y);
			});
			Signal<Integer> x = signal(0);
			Memo<Integer> m = memo(() -> s.get() + 1);
			AtomicReference<Disposable> pScope = new AtomicReference<>();
			Memo<Integer> p = createRoot((scope) -> {
				pScope.set(scope);
				return memo(() -> m.get() * 10);
			});
			List<String> seenByE = new ArrayList<>();
			effect(() -> seenByE.add(p.get() + "/" + x.get()));
			List<Integer> seenByF = new ArrayList<>();
			Reactive.batch(() -> {
				s.set(1);
				x.set(1);
				// armed after set(1) compared the values: it runs when the flush's pull
				// commits s, below p and m
				hook.set(() -> {
					// p (m's only subscriber) goes away and q becomes m's only subscriber
					pScope.get().dispose();
					Memo<Integer> q = memo(() -> m.get() * 100);
					effect(() -> seenByF.add(q.get()));
				});
			});

			// e read p (now disposed, last value 10) and x: x changed, so e ran again
			assertThat(seenByE).containsExactly("10/0", "10/1");
			assertThat(seenByF).last().isEqualTo(200);
			s.set(2);
			assertThat(seenByF).last().isEqualTo(300);
		});
	}

	@Test
	@DisplayName("a pull down a chain of 200 memos with one subscriber each")
	void deepChainOfOnlySubscribers() {
		inRoot(() -> {
			Signal<Integer> s = signal(0);
			Memo<Integer> tail = null;
			ReadSignal<Integer> current = s;
			for (int i = 0; i < 200; i++) {
				ReadSignal<Integer> previous = current;
				tail = memo(() -> previous.get() + 1);
				current = tail;
			}
			Memo<Integer> last = tail;
			List<Integer> seen = new ArrayList<>();
			effect(() -> seen.add(last.get()));
			for (int i = 1; i <= 3; i++) {
				s.set(i);
			}
			assertThat(seen).containsExactly(200, 201, 202, 203);
		});
	}

	/**
	 * Runs a test's graph inside a root, disposed afterwards even when an assertion
	 * fails.
	 */
	private static void inRoot(Runnable body) {
		createRoot((root) -> {
			try {
				body.run();
			}
			finally {
				root.dispose();
			}
			return null;
		});
	}

}
