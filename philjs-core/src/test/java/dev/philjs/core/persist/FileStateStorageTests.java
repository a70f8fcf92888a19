package dev.philjs.core.persist;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Tests of {@link FileStateStorage}: one file per key, atomic writes, restarts. */
class FileStateStorageTests {

	@TempDir
	Path root;

	@Test
	void valuesSurviveARestart() {
		FileStateStorage first = FileStateStorage.forApplication(this.root, "shop");
		first.set("settings", "{\"theme\":\"dark\"}");
		first.set("cart", "3 items");

		FileStateStorage second = FileStateStorage.forApplication(this.root, "shop");

		assertThat(second.get("settings")).contains("{\"theme\":\"dark\"}");
		assertThat(second.keys()).containsExactlyInAnyOrder("settings", "cart");
	}

	@Test
	void eachApplicationHasItsOwnDirectory() {
		FileStateStorage shop = FileStateStorage.forApplication(this.root, "shop");
		FileStateStorage blog = FileStateStorage.forApplication(this.root, "blog");
		shop.set("settings", "shop");

		assertThat(shop.directory()).isEqualTo(this.root.resolve("shop"));
		assertThat(blog.get("settings")).isEmpty();
		assertThat(blog.keys()).isEmpty();
	}

	@Test
	void applicationNamesThatAreNotSimpleDirectoryNamesAreRejected() {
		for (String bad : List.of("", "..", ".hidden", "a/b", "a\\b", "x y")) {
			assertThatIllegalArgumentException().isThrownBy(() -> FileStateStorage.forApplication(this.root, bad))
				.withMessageContaining("application");
		}
		assertThat(this.root.toFile().list()).isEmpty();
	}

	@Test
	void anyKeyRoundTripsThroughItsFileName() {
		FileStateStorage storage = new FileStateStorage(this.root);
		List<String> keys = List.of("", "settings", "Settings", "a/b/../c", "..", ".", "trailing.", "100%",
				"k_not-a-prefix", "quarantine/settings@1735689600000", "caf\u00e9 \u65e5\u672c", "tab\tnew\nline",
				"CON", "nul");
		for (String key : keys) {
			storage.set(key, "value of " + key);
		}

		assertThat(storage.keys()).containsExactlyInAnyOrderElementsOf(keys);
		for (String key : keys) {
			assertThat(storage.get(key)).contains("value of " + key);
		}
	}

	@Test
	void fileNamesUseOnlyPortableCharactersAndDifferForKeysDifferingInCase() throws Exception {
		FileStateStorage storage = new FileStateStorage(this.root);
		storage.set("Theme", "upper");
		storage.set("theme", "lower");
		storage.set("a/b:c*?", "odd");

		try (Stream<Path> files = Files.list(this.root)) {
			List<String> names = files.map((f) -> f.getFileName().toString()).toList();
			assertThat(names).hasSize(3).allMatch((name) -> name.matches("k_[a-z0-9._%A-F-]*"));
			Set<String> lowerCased = new HashSet<>();
			names.forEach((name) -> lowerCased.add(name.toLowerCase()));
			assertThat(lowerCased).hasSize(3);
		}
		assertThat(storage.get("Theme")).contains("upper");
		assertThat(storage.get("theme")).contains("lower");
	}

	@Test
	void aKeyTooLongForAFileNameIsRejectedAndNothingIsWritten() {
		FileStateStorage storage = new FileStateStorage(this.root);
		String key = "x".repeat(FileStateStorage.MAX_FILE_NAME_LENGTH);

		assertThatIllegalArgumentException().isThrownBy(() -> storage.set(key, "v")).withMessageContaining("too long");
		assertThat(storage.keys()).isEmpty();
	}

	@Test
	void setLeavesNoTemporaryFileBehind() throws Exception {
		FileStateStorage storage = new FileStateStorage(this.root);
		storage.set("a", "1");
		storage.set("a", "2");
		storage.remove("a");
		storage.set("b", "3");

		try (Stream<Path> files = Files.list(this.root)) {
			assertThat(files.map((f) -> f.getFileName().toString())).containsExactly("k_b");
		}
	}

	@Test
	void aCrashBetweenTheTemporaryWriteAndTheRenameLeavesTheOldValue() throws Exception {
		FileStateStorage storage = new FileStateStorage(this.root);
		storage.set("settings", "old");
		// what a crash after writing the temporary file and before the rename leaves
		Files.writeString(this.root.resolve(FileStateStorage.TEMP_PREFIX + "123456789.tmp"), "new but half-wri");

		FileStateStorage restarted = new FileStateStorage(this.root);

		assertThat(restarted.get("settings")).contains("old");
		assertThat(restarted.keys()).containsExactly("settings");
	}

	@Test
	void filesNotNamedByTheLayoutAreIgnored() throws Exception {
		FileStateStorage storage = new FileStateStorage(this.root);
		Files.writeString(this.root.resolve("README"), "notes");
		Files.writeString(this.root.resolve("k_Upper"), "not canonical");
		Files.writeString(this.root.resolve("k_%ZZ"), "bad escape");
		Files.writeString(this.root.resolve("k_%C3"), "truncated UTF-8");
		Files.createDirectory(this.root.resolve("k_dir"));

		assertThat(storage.keys()).isEmpty();
	}

	@Test
	void valuesAreStoredAsUtf8Text() throws Exception {
		FileStateStorage storage = new FileStateStorage(this.root);
		storage.set("greeting", "h\u00e9llo \u4e16\u754c");

		assertThat(Files.readString(this.root.resolve("k_greeting"), StandardCharsets.UTF_8))
			.isEqualTo("h\u00e9llo \u4e16\u754c");
	}

	@Test
	void removeDeletesTheFileAndIgnoresAMissingKey() {
		FileStateStorage storage = new FileStateStorage(this.root);
		storage.set("a", "1");
		storage.remove("a");
		storage.remove("never");

		assertThat(storage.get("a")).isEmpty();
		assertThat(this.root.toFile().list()).isEmpty();
	}

	@Test
	void anIoFailureIsAStorageExceptionNamingTheKey() throws Exception {
		Path directory = this.root.resolve("app");
		FileStateStorage storage = new FileStateStorage(directory);
		Files.delete(directory);
		Files.writeString(directory, "a file where the directory was");

		assertThatExceptionOfType(StorageException.class).isThrownBy(() -> storage.set("settings", "v"))
			.satisfies((ex) -> assertThat(ex.key()).contains("settings"));
		assertThatExceptionOfType(StorageException.class).isThrownBy(storage::keys);
	}

	@Test
	void concurrentWritersOfOneKeyLeaveOneWholeValue() throws Exception {
		FileStateStorage storage = new FileStateStorage(this.root);
		int threads = 6;
		int perThread = 40;
		Set<String> written = new HashSet<>();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				List<String> values = new ArrayList<>();
				for (int i = 0; i < perThread; i++) {
					values.add(String.valueOf((char) ('a' + t)).repeat(10_000 + i));
				}
				written.addAll(values);
				futures.add(pool.submit(() -> {
					start.await();
					for (String value : values) {
						storage.set("shared", value);
						assertThat(written).contains(storage.get("shared").orElseThrow());
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(written).contains(storage.get("shared").orElseThrow());
		try (Stream<Path> files = Files.list(this.root)) {
			assertThat(files.map((f) -> f.getFileName().toString())).containsExactly("k_shared");
		}
	}

}
