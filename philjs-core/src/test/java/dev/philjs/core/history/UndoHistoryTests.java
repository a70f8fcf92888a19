package dev.philjs.core.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Effect;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Behaviour of {@link UndoHistory}, with the guide's text editor. */
class UndoHistoryTests {

	static void type(UndoHistory<String> editor, String text) {
		for (int i = 1; i <= text.length(); i++) {
			editor.set(text.substring(0, i));
		}
	}

	@Test
	@DisplayName("the guide's text editor: type, undo, redo, type again, reset")
	void textEditor() {
		UndoHistory<String> editor = UndoHistory.create("");
		assertThat(editor.canUndo().get()).isFalse();
		type(editor, "Hello");
		assertThat(editor.value().get()).isEqualTo("Hello");
		assertThat(editor.canUndo().get()).isTrue();
		assertThat(editor.canRedo().get()).isFalse();
		editor.undo();
		editor.undo();
		assertThat(editor.value().get()).isEqualTo("Hel");
		assertThat(editor.canRedo().get()).isTrue();
		editor.redo();
		assertThat(editor.value().get()).isEqualTo("Hell");
		editor.set("Help");
		assertThat(editor.canRedo().get()).isFalse();
		editor.undo();
		assertThat(editor.value().get()).isEqualTo("Hell");
		editor.reset();
		assertThat(editor.value().get()).isEmpty();
		assertThat(editor.canUndo().get()).isFalse();
		assertThat(editor.canRedo().get()).isFalse();
	}

	@Test
	@DisplayName("undo and redo with nothing to do return false and change nothing")
	void undoRedoWithNothingReturnFalse() {
		UndoHistory<String> editor = UndoHistory.create("draft");
		assertThat(editor.undo()).isFalse();
		assertThat(editor.redo()).isFalse();
		assertThat(editor.value().get()).isEqualTo("draft");
	}

	@Test
	@DisplayName("undo back to the start, then redo to the end")
	void undoAllThenRedoAll() {
		UndoHistory<String> editor = UndoHistory.create("");
		type(editor, "abc");
		List<String> back = new ArrayList<>();
		while (editor.undo()) {
			back.add(editor.value().get());
		}
		assertThat(back).containsExactly("ab", "a", "");
		List<String> forth = new ArrayList<>();
		while (editor.redo()) {
			forth.add(editor.value().get());
		}
		assertThat(forth).containsExactly("a", "ab", "abc");
	}

	@Test
	@DisplayName("the depth bounds the undo steps; the oldest are dropped")
	void depthDropsOldestSteps() {
		UndoHistory<String> editor = UndoHistory.builder().depth(3).create("");
		type(editor, "abcde");
		int undone = 0;
		while (editor.undo()) {
			undone++;
		}
		assertThat(undone).isEqualTo(3);
		assertThat(editor.value().get()).isEqualTo("ab");
	}

	@Test
	@DisplayName("several writes inside one batch are one undo step")
	void batchIsOneStep() {
		UndoHistory<String> editor = UndoHistory.create("");
		editor.set("title");
		Reactive.batch(() -> {
			editor.set("title\n");
			editor.set("title\nbody");
			editor.value().set("title\nbody!");
		});
		editor.undo();
		assertThat(editor.value().get()).isEqualTo("title");
	}

	@Test
	@DisplayName("a batch that ends where it started records nothing")
	void netZeroBatchRecordsNothing() {
		UndoHistory<String> editor = UndoHistory.create("same");
		Reactive.batch(() -> {
			editor.set("other");
			editor.set("same");
		});
		assertThat(editor.canUndo().get()).isFalse();
	}

	@Test
	@DisplayName("writing an equal value records nothing")
	void equalWriteRecordsNothing() {
		UndoHistory<String> editor = UndoHistory.create("x");
		editor.set("x");
		assertThat(editor.canUndo().get()).isFalse();
	}

	@Test
	@DisplayName("writes made directly to a wrapped signal are recorded, and reset goes back to its value at wrap time")
	void externalWritesRecordedInWrappedSignal() {
		Signal<Integer> zoom = Reactive.signal(100);
		zoom.set(110);
		UndoHistory<Integer> history = UndoHistory.wrap(zoom);
		zoom.set(120);
		zoom.set(150);
		history.undo();
		assertThat(zoom.get()).isEqualTo(120);
		history.reset();
		assertThat(zoom.get()).isEqualTo(110);
	}

	@Test
	@DisplayName("an undo inside the batch that made the write undoes that write")
	void undoInSameBatchAsWrite() {
		UndoHistory<String> editor = UndoHistory.create("a");
		editor.set("b");
		Reactive.batch(() -> {
			editor.set("c");
			editor.undo();
		});
		assertThat(editor.value().get()).isEqualTo("b");
		assertThat(editor.canRedo().get()).isTrue();
		editor.redo();
		assertThat(editor.value().get()).isEqualTo("c");
	}

	@Test
	@DisplayName("canUndo and canRedo are memos: effects follow them")
	void canUndoCanRedoAreReactive() {
		UndoHistory<String> editor = UndoHistory.create("");
		List<String> toolbar = new ArrayList<>();
		Effect effect = Reactive
			.effect(() -> toolbar.add("undo=" + editor.canUndo().get() + " redo=" + editor.canRedo().get()));
		editor.set("a");
		editor.set("ab");
		editor.undo();
		editor.undo();
		editor.redo();
		effect.dispose();
		assertThat(toolbar).containsExactly("undo=false redo=false", "undo=true redo=false", "undo=true redo=true",
				"undo=false redo=true", "undo=true redo=true");
	}

	@Test
	@DisplayName("coalescing: keystrokes within the window of a step's first edit are one step")
	void coalescingMergesRapidEdits() {
		MutableClock clock = new MutableClock();
		UndoHistory<String> editor = UndoHistory.builder().coalesce(Duration.ofMillis(500), clock).create("");
		for (String text : List.of("H", "He", "Hel", "Hell", "Hello")) {
			editor.set(text);
			clock.advance(Duration.ofMillis(100));
		}
		clock.advance(Duration.ofSeconds(2));
		editor.set("Hello ");
		clock.advance(Duration.ofMillis(50));
		editor.set("Hello w");
		editor.undo();
		assertThat(editor.value().get()).isEqualTo("Hello");
		editor.undo();
		assertThat(editor.value().get()).isEmpty();
		assertThat(editor.canUndo().get()).isFalse();
	}

	@Test
	@DisplayName("coalescing: the window counts from the step's first edit, so a long burst makes several steps")
	void coalescingWindowCountsFromFirstEdit() {
		MutableClock clock = new MutableClock();
		UndoHistory<Integer> counter = UndoHistory.builder().coalesce(Duration.ofMillis(500), clock).create(0);
		for (int i = 1; i <= 10; i++) {
			counter.set(i);
			clock.advance(Duration.ofMillis(200));
		}
		List<Integer> steps = new ArrayList<>();
		while (counter.undo()) {
			steps.add(counter.value().get());
		}
		// steps begin at 0, 600, 1200 and 1800 ms, with the edits 1, 4, 7 and 10
		assertThat(steps).containsExactly(9, 6, 3, 0);
	}

	@Test
	@DisplayName("coalescing: an edit after an undo starts a new step")
	void coalescingStopsAtUndo() {
		MutableClock clock = new MutableClock();
		UndoHistory<String> editor = UndoHistory.builder().coalesce(Duration.ofSeconds(10), clock).create("");
		editor.set("a");
		editor.set("ab");
		editor.undo();
		editor.set("x");
		editor.set("xy");
		editor.undo();
		assertThat(editor.value().get()).isEmpty();
	}

	@Test
	@DisplayName("dispose stops recording, forgets the steps, and refuses further use")
	void disposeStopsRecording() {
		UndoHistory<String> editor = UndoHistory.create("");
		editor.set("a");
		editor.dispose();
		assertThat(editor.canUndo().get()).isFalse();
		editor.value().set("b");
		assertThat(editor.canUndo().get()).isFalse();
		assertThatIllegalStateException().isThrownBy(editor::undo).withMessageContaining("is disposed");
		assertThatIllegalStateException().isThrownBy(() -> editor.set("c"));
		assertThat(editor.value().get()).isEqualTo("b");
		editor.dispose();
		assertThat(editor.isDisposed()).isTrue();
	}

	@Test
	@DisplayName("a history created under an owner is disposed with it")
	void disposedWithOwner() {
		Signal<String> text = Reactive.signal("");
		UndoHistory<String> editor = Reactive.createRoot((root) -> {
			UndoHistory<String> created = UndoHistory.wrap(text);
			root.dispose();
			return created;
		});
		assertThat(editor.isDisposed()).isTrue();
		text.set("typed later");
		assertThat(editor.canUndo().get()).isFalse();
	}

	@Test
	@DisplayName("bad configuration is rejected with a message naming it")
	void badConfigurationRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> UndoHistory.builder().depth(0))
			.withMessage("depth must be at least 1, was 0");
		assertThatNullPointerException().isThrownBy(() -> UndoHistory.builder().coalesce(null))
			.withMessage("window must not be null");
		assertThatNullPointerException().isThrownBy(() -> UndoHistory.builder().coalesce(Duration.ofSeconds(1), null))
			.withMessage("clock must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> UndoHistory.builder().coalesce(Duration.ZERO))
			.withMessage("window must be positive, was PT0S");
		assertThatNullPointerException().isThrownBy(() -> UndoHistory.wrap(null))
			.withMessage("signal must not be null");
	}

	@Test
	@DisplayName("writes from many threads: each is one step, and undoing them all returns every value once")
	void concurrentWritesAreEachOneStep() throws Exception {
		int threads = 4;
		int perThread = 250;
		UndoHistory<String> history = UndoHistory.builder().depth(threads * perThread).create("start");
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					go.await();
					for (int i = 0; i < perThread; i++) {
						history.set(thread + ":" + i);
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> f : done) {
				f.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		Set<String> seen = new HashSet<>();
		seen.add(history.value().get());
		int undone = 0;
		while (history.undo()) {
			undone++;
			seen.add(history.value().get());
		}
		assertThat(undone).isEqualTo(threads * perThread);
		assertThat(history.value().get()).isEqualTo("start");
		assertThat(seen).hasSize(threads * perThread + 1);
	}

	@Test
	@DisplayName("undo, redo and writes racing on many threads keep the history consistent")
	void racingUndoRedoAndWritesStayConsistent() throws Exception {
		UndoHistory<Integer> history = UndoHistory.builder().depth(100_000).create(0);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					go.await();
					for (int i = 1; i <= 500; i++) {
						history.set(thread * 1000 + i);
					}
					return null;
				}));
			}
			for (int t = 0; t < 2; t++) {
				done.add(pool.submit(() -> {
					go.await();
					for (int i = 0; i < 500; i++) {
						history.undo();
						history.redo();
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> f : done) {
				f.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		// what is shown is what the history thinks is current: undo then redo comes back
		Integer shown = history.value().get();
		if (history.undo()) {
			history.redo();
		}
		assertThat(history.value().get()).isEqualTo(shown);
		// and every step leads back to the start
		while (history.undo()) {
			assertThat(history.value().get()).isNotNull();
		}
		assertThat(history.value().get()).isZero();
		assertThat(history.canRedo().get()).isTrue();
	}

}
