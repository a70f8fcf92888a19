package dev.philjs.spring.store;

import java.util.List;
import java.util.TreeSet;

import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.sync.Merge;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Where {@link MergeWith} may stand, checked when a store is described (at startup).
 */
class MergeWithTests {

	@Test
	void aSignalOfASharedStoreMayBeMerged() {
		assertThat(StoreIntrospector.describe(SharedStore.class, "sharedStore").shared()).isTrue();
	}

	@Test
	void aStoreThatIsNotSharedIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> StoreIntrospector.describe(LocalStore.class, "localStore"))
			.withMessageContaining("@MergeWith on field 'items'")
			.withMessageContaining("only the signals of a shared store are merged");
	}

	@Test
	void aMemoIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> StoreIntrospector.describe(MemoStore.class, "memoStore"))
			.withMessageContaining("@MergeWith on field 'size'")
			.withMessageContaining("must be an instance field declared as a Signal");
	}

	@Test
	void aMergeOfAnotherTypeIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> StoreIntrospector.describe(MismatchStore.class, "mismatchStore"))
			.withMessageContaining("@MergeWith on field 'count'")
			.withMessageContaining("merges java.util.List<java.lang.String>");
	}

	@Test
	void aMergeWithoutANoArgumentConstructorIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> StoreIntrospector.describe(UncreatableStore.class, "uncreatableStore"))
			.withMessageContaining("cannot create")
			.withMessageContaining("public no-argument constructor");
	}

	public static final class Union implements Merge<List<String>> {

		@Override
		public List<String> merge(List<String> local, List<String> remote) {
			TreeSet<String> union = new TreeSet<>(local);
			union.addAll(remote);
			return List.copyOf(union);
		}

	}

	public static final class NeedsArgument implements Merge<List<String>> {

		private final String separator;

		public NeedsArgument(String separator) {
			this.separator = separator;
		}

		@Override
		public List<String> merge(List<String> local, List<String> remote) {
			return List.of(String.join(this.separator, local), String.join(this.separator, remote));
		}

	}

	@PhilStore(name = "shared", shared = true)
	static class SharedStore {

		@MergeWith(Union.class)
		final Signal<List<String>> items = Reactive.signal(List.of());

	}

	@PhilStore(name = "local")
	static class LocalStore {

		@MergeWith(Union.class)
		final Signal<List<String>> items = Reactive.signal(List.of());

	}

	@PhilStore(name = "memo", shared = true)
	static class MemoStore {

		final Signal<List<String>> items = Reactive.signal(List.of());

		@MergeWith(Union.class)
		final Memo<Integer> size = Reactive.memo(() -> this.items.get().size());

	}

	@PhilStore(name = "mismatch", shared = true)
	static class MismatchStore {

		@MergeWith(Union.class)
		final Signal<Integer> count = Reactive.signal(0);

	}

	@PhilStore(name = "uncreatable", shared = true)
	static class UncreatableStore {

		@MergeWith(NeedsArgument.class)
		final Signal<List<String>> items = Reactive.signal(List.of());

	}

}
