package dev.philjs.core.persist;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import dev.philjs.core.testing.VirtualScheduler;
import dev.philjs.core.ReadSignal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's form draft store ("SessionStorage for Temporary State"): a draft kept in a
 * storage that lives as long as the session, cleared after publishing.
 */
class FormDraftStoreTests {

	record FormDraft(String title, String content, long lastSaved) {

		static final Codec<Optional<FormDraft>> CODEC = Codec.of((draft) -> draft.map(FormDraft::toJson).orElse("null"),
				(text) -> "null".equals(text) ? Optional.empty() : Optional.of(fromJson(text)));

		String toJson() {
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("title", this.title);
			fields.put("content", this.content);
			fields.put("lastSaved", (int) (this.lastSaved / 1000));
			return FlatJson.write(fields);
		}

		static FormDraft fromJson(String json) {
			Map<String, Object> fields = FlatJson.read(json);
			return new FormDraft((String) fields.get("title"), (String) fields.get("content"),
					((Integer) fields.get("lastSaved")) * 1000L);
		}

	}

	/** The guide's {@code createFormDraftStore}. */
	static final class FormDraftStore implements AutoCloseable {

		private final PersistentSignal<Optional<FormDraft>> draft;

		private final Clock clock;

		FormDraftStore(StateStorage session, ScheduledExecutorService scheduler, Clock clock) {
			this.clock = clock;
			this.draft = Persistence.persistentSignal(Optional.empty(),
					PersistOptions.builder("form-draft", session, FormDraft.CODEC).scheduler(scheduler).build());
		}

		ReadSignal<Optional<FormDraft>> draft() {
			return this.draft.asReadOnly();
		}

		void saveDraft(String title, String content) {
			this.draft.set(Optional.of(new FormDraft(title, content, this.clock.millis())));
		}

		void clearDraft() {
			this.draft.reset();
		}

		@Override
		public void close() {
			this.draft.close();
		}

	}

	private final VirtualScheduler scheduler = new VirtualScheduler();

	private final StateStorage session = new InMemoryStateStorage();

	@Test
	void aSavedDraftIsRestoredByTheNextEditorOfTheSession() {
		try (FormDraftStore editor = new FormDraftStore(this.session, this.scheduler, this.scheduler.clock())) {
			editor.saveDraft("Signals in Java", "Once upon a time");
		}

		try (FormDraftStore reopened = new FormDraftStore(this.session, this.scheduler, this.scheduler.clock())) {
			assertThat(reopened.draft().get())
				.contains(new FormDraft("Signals in Java", "Once upon a time", VirtualScheduler.EPOCH.toEpochMilli()));
		}
	}

	@Test
	void clearingTheDraftRemovesItFromTheSession() {
		try (FormDraftStore editor = new FormDraftStore(this.session, this.scheduler, this.scheduler.clock())) {
			editor.saveDraft("Signals in Java", "Once upon a time");
			this.scheduler.runDue();
			assertThat(this.session.keys()).containsExactly("form-draft");

			editor.clearDraft();
			this.scheduler.runDue();

			assertThat(editor.draft().get()).isEmpty();
			assertThat(this.session.keys()).isEmpty();
		}
	}

}
