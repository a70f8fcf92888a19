package dev.philjs.core.persist;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import dev.philjs.core.testing.VirtualScheduler;
import dev.philjs.core.Reactive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Tests of {@link PersistentMap}: large data stored one entry per key. */
class PersistentMapTests {

	private final VirtualScheduler scheduler = new VirtualScheduler();

	private final RecordingStorage storage = new RecordingStorage();

	private final List<PersistenceException> errors = new CopyOnWriteArrayList<>();

	private PersistOptions.Builder<Product> options() {
		return PersistOptions.builder("products/", this.storage, Product.CODEC)
			.scheduler(this.scheduler)
			.clock(this.scheduler.clock())
			.onError(this.errors::add);
	}

	private PersistentMap<String, Product> products() {
		return Persistence.persistentMap(Codec.ofString(), options().build());
	}

	@Test
	void loadsEveryEntryUnderItsPrefixOnCreation() {
		this.storage.delegate().set("products/apple", new Product("Apple", 3).toJson());
		this.storage.delegate().set("products/pear", new Product("Pear", 4).toJson());
		this.storage.delegate().set("settings", "{}");
		this.storage.delegate().set("quarantine/products/fig@1", "garbage");

		PersistentMap<String, Product> products = products();

		assertThat(products.entries().get()).containsOnly(Map.entry("apple", new Product("Apple", 3)),
				Map.entry("pear", new Product("Pear", 4)));
		assertThat(this.errors).isEmpty();
	}

	@Test
	void putWritesOnlyTheEntryItChanged() {
		for (int i = 0; i < 100; i++) {
			this.storage.delegate().set("products/" + i, new Product("P" + i, i).toJson());
		}
		PersistentMap<String, Product> products = products();

		products.put("42", new Product("P42", 99));
		this.scheduler.runDue();

		assertThat(this.storage.attempts()).containsExactly("products/42=" + new Product("P42", 99).toJson());
		assertThat(products.entries().get()).hasSize(100);
	}

	@Test
	void removeRemovesOnlyThatEntryFromTheStorage() {
		PersistentMap<String, Product> products = products();
		products.put("apple", new Product("Apple", 3));
		products.put("pear", new Product("Pear", 4));
		this.scheduler.runDue();

		assertThat(products.remove("apple")).isTrue();
		assertThat(products.remove("apple")).isFalse();
		this.scheduler.runDue();

		assertThat(this.storage.writesOf("products/apple")).containsExactly(new Product("Apple", 3).toJson(), "-");
		assertThat(this.storage.keys("products/")).containsExactly("products/pear");
		assertThat(products.get("apple")).isNull();
	}

	@Test
	void burstsAreDebouncedPerEntry() {
		PersistentMap<String, Product> products = Persistence.persistentMap(Codec.ofString(),
				options().debounce(Duration.ofMillis(100)).build());

		products.put("apple", new Product("Apple", 1));
		products.put("apple", new Product("Apple", 2));
		products.put("pear", new Product("Pear", 7));
		products.put("apple", new Product("Apple", 3));
		this.scheduler.advance(Duration.ofMillis(100));

		assertThat(this.storage.writes()).containsExactlyInAnyOrder(
				"products/apple=" + new Product("Apple", 3).toJson(),
				"products/pear=" + new Product("Pear", 7).toJson());
	}

	@Test
	void puttingAnEqualValueWritesNothing() {
		PersistentMap<String, Product> products = products();
		products.put("apple", new Product("Apple", 1));
		this.scheduler.runDue();

		products.put("apple", new Product("Apple", 1));
		this.scheduler.runDue();

		assertThat(this.storage.attempts()).hasSize(1);
	}

	@Test
	void anEntryMemoNotifiesOnlyWhenItsEntryChanges() {
		PersistentMap<String, Product> products = products();
		List<Optional<Product>> seen = new ArrayList<>();
		Reactive.createRoot((root) -> {
			var apple = products.entry("apple");
			return Reactive.effect(() -> seen.add(apple.get()));
		});

		products.put("pear", new Product("Pear", 4));
		products.put("apple", new Product("Apple", 3));
		products.put("fig", new Product("Fig", 5));
		products.remove("apple");

		assertThat(seen).containsExactly(Optional.empty(), Optional.of(new Product("Apple", 3)), Optional.empty());
	}

	@Test
	void entriesIsAReactiveImmutableSnapshot() {
		PersistentMap<String, Product> products = products();
		List<Integer> sizes = new ArrayList<>();
		Reactive.createRoot((root) -> Reactive.effect(() -> sizes.add(products.entries().get().size())));

		Reactive.batch(() -> {
			products.put("apple", new Product("Apple", 3));
			products.put("pear", new Product("Pear", 4));
		});
		products.clear();

		assertThat(sizes).containsExactly(0, 2, 0);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> products.entries().get().put("x", new Product("X", 1)));
	}

	@Test
	void clearRemovesEveryEntryFromTheStorage() {
		PersistentMap<String, Product> products = products();
		products.put("apple", new Product("Apple", 3));
		products.put("pear", new Product("Pear", 4));
		this.scheduler.runDue();

		products.clear();
		this.scheduler.runDue();

		assertThat(this.storage.keys("products/")).isEmpty();
	}

	@Test
	void aCorruptEntryIsQuarantinedAndLeftOut() {
		this.storage.delegate().set("products/apple", new Product("Apple", 3).toJson());
		this.storage.delegate().set("products/pear", "{\"name\":\"Pear\",\"pri");

		PersistentMap<String, Product> products = products();

		assertThat(products.entries().get()).containsOnlyKeys("apple");
		assertThat(this.storage.get("quarantine/products/pear@" + VirtualScheduler.EPOCH.toEpochMilli()))
			.contains("{\"name\":\"Pear\",\"pri");
		assertThat(this.errors).singleElement().isInstanceOf(CorruptValueException.class);
	}

	@Test
	void aStorageKeyThatIsNotAKeyOfTheMapIsReportedAndLeftInPlace() {
		this.storage.delegate().set("scores/7", "70");
		this.storage.delegate().set("scores/seven", "70");
		this.storage.delegate().set("scores/07", "70");

		PersistentMap<Integer, Integer> scores = Persistence.persistentMap(Codec.ofInteger(),
				PersistOptions.builder("scores/", this.storage, Codec.ofInteger())
					.scheduler(this.scheduler)
					.onError(this.errors::add)
					.build());

		assertThat(scores.entries().get()).containsOnly(Map.entry(7, 70));
		assertThat(this.errors).hasSize(2)
			.allSatisfy((ex) -> assertThat(ex.key())
				.hasValueSatisfying((key) -> assertThat(key).isIn("scores/seven", "scores/07")));
		assertThat(this.storage.keys("scores/")).hasSize(3);
	}

	@Test
	void aKeyTheCodecCannotEncodeIsRejectedAndChangesNothing() {
		Codec<Integer> positive = Codec.of((n) -> {
			if (n < 0) {
				throw new IllegalArgumentException("negative");
			}
			return n.toString();
		}, Integer::valueOf);
		PersistentMap<Integer, Integer> scores = Persistence.persistentMap(positive,
				PersistOptions.builder("scores/", this.storage, Codec.ofInteger()).scheduler(this.scheduler).build());

		assertThatIllegalArgumentException().isThrownBy(() -> scores.put(-1, 10)).withMessageContaining("key");
		assertThat(scores.entries().get()).isEmpty();
	}

	@Test
	void aFailingEntryRetriesWithoutHoldingBackTheOthers() {
		PersistentMap<String, Product> products = products();
		this.storage.failWritesOf("products/apple"::equals);

		products.put("apple", new Product("Apple", 3));
		products.put("pear", new Product("Pear", 4));
		this.scheduler.runDue();
		assertThat(this.storage.keys("products/")).containsExactly("products/pear");

		this.storage.failWritesOf((key) -> false);
		this.scheduler.advance(PersistOptions.DEFAULT_RETRY_INITIAL);

		assertThat(this.storage.keys("products/")).containsExactlyInAnyOrder("products/pear", "products/apple");
		assertThat(this.errors).singleElement().isInstanceOf(StorageException.class);
	}

	@Test
	void closeWritesEveryPendingEntryAndStopsPersisting() {
		PersistentMap<String, Product> products = Persistence.persistentMap(Codec.ofString(),
				options().debounce(Duration.ofMinutes(1)).build());
		products.put("apple", new Product("Apple", 3));
		products.put("pear", new Product("Pear", 4));

		products.close();
		products.put("fig", new Product("Fig", 5));
		this.scheduler.advance(Duration.ofMinutes(2));

		assertThat(this.storage.keys("products/")).containsExactlyInAnyOrder("products/apple", "products/pear");
		assertThat(products.get("fig")).isEqualTo(new Product("Fig", 5));
	}

	@Test
	void closeReportsEveryEntryThatStillFails() {
		PersistentMap<String, Product> products = products();
		this.storage.failWritesOf((key) -> true);
		products.put("apple", new Product("Apple", 3));
		products.put("pear", new Product("Pear", 4));

		assertThatExceptionOfType(StorageException.class).isThrownBy(products::close)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(1));
	}

	@Test
	void survivesARestartWithFileStorage(@TempDir Path root) {
		PersistOptions<Product> options = PersistOptions
			.builder("products/", FileStateStorage.forApplication(root, "shop"), Product.CODEC)
			.scheduler(this.scheduler)
			.build();
		PersistentMap<String, Product> products = Persistence.persistentMap(Codec.ofString(), options);
		products.put("apple", new Product("Apple", 3));
		products.put("caf\u00e9/cr\u00e8me", new Product("Cr\u00e8me", 4));
		products.close();

		PersistentMap<String, Product> restarted = Persistence.persistentMap(Codec.ofString(), options);

		assertThat(restarted.entries().get()).containsOnly(Map.entry("apple", new Product("Apple", 3)),
				Map.entry("caf\u00e9/cr\u00e8me", new Product("Cr\u00e8me", 4)));
	}

	@Test
	void concurrentPutsFromManyThreadsAllLand() throws Exception {
		ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
		try {
			PersistentMap<String, Product> products = Persistence.persistentMap(Codec.ofString(),
					PersistOptions.builder("products/", this.storage, Product.CODEC).scheduler(executor).build());
			AtomicInteger ids = new AtomicInteger();
			PersistentSignalTests.runConcurrently(8, () -> {
				for (int i = 0; i < 100; i++) {
					// the batch holds the graph lock, so the ids follow the order of the
					// puts
					Reactive.batch(() -> {
						int id = ids.incrementAndGet();
						products.put("p" + (id % 400), new Product("P", id));
					});
				}
			});
			products.close();

			assertThat(products.entries().get()).hasSize(400);
			for (var entry : products.entries().get().entrySet()) {
				assertThat(this.storage.get("products/" + entry.getKey())).contains(entry.getValue().toJson());
			}
			for (String key : this.storage.keys("products/")) {
				List<Integer> prices = this.storage.writesOf(key)
					.stream()
					.map((json) -> Product.fromJson(json).price())
					.toList();
				assertThat(prices).as(key).isSorted();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
