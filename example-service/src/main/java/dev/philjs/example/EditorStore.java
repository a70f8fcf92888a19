package dev.philjs.example;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Reactive;
import dev.philjs.core.history.UndoHistory;
import dev.philjs.core.store.Store;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A shared note with undo and redo (the guide's text editor): every saved text is one
 * step of an {@link UndoHistory} of at most 100 steps; undo and redo move through them
 * for everyone.
 *
 * @since 0.1.0
 */
@PhilStore("editor")
public class EditorStore extends Store {

	private final UndoHistory<String> history = Reactive.runWithOwner(owner(),
			() -> UndoHistory.builder().depth(100).create(""));

	final ReadSignal<String> text = this.history.value().asReadOnly();

	final ReadSignal<Boolean> canUndo = this.history.canUndo();

	final ReadSignal<Boolean> canRedo = this.history.canRedo();

	/**
	 * Saves a new text: one undo step, and the redo steps are forgotten.
	 * @param text the text
	 * @return the text
	 */
	@Action
	public String edit(@NotNull @Size(max = 10_000) String text) {
		this.history.set(text);
		return text;
	}

	/**
	 * Takes back the last step.
	 * @return whether there was one
	 */
	@Action
	public boolean undo() {
		return this.history.undo();
	}

	/**
	 * Applies again the last step taken back.
	 * @return whether there was one
	 */
	@Action
	public boolean redo() {
		return this.history.redo();
	}

	/**
	 * Empties the note and forgets its history.
	 */
	@Action
	public void reset() {
		this.history.reset();
	}

}
