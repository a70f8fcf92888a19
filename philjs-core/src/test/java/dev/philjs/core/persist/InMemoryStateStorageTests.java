package dev.philjs.core.persist;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Tests of {@link InMemoryStateStorage}: the Web Storage contract in memory. */
class InMemoryStateStorageTests {

	private final InMemoryStateStorage storage = new InMemoryStateStorage();

	@Test
	void getOfAMissingKeyIsEmpty() {
		assertThat(this.storage.get("missing")).isEmpty();
	}

	@Test
	void setStoresAndReplacesTheValue() {
		this.storage.set("theme", "light");
		this.storage.set("theme", "dark");
		assertThat(this.storage.get("theme")).contains("dark");
	}

	@Test
	void emptyKeyIsAKeyLikeAnyOther() {
		this.storage.set("", "value");
		assertThat(this.storage.get("")).contains("value");
		assertThat(this.storage.keys()).containsExactly("");
	}

	@Test
	void removeDeletesTheValueAndIgnoresAMissingKey() {
		this.storage.set("theme", "dark");
		this.storage.remove("theme");
		this.storage.remove("never-set");
		assertThat(this.storage.get("theme")).isEmpty();
		assertThat(this.storage.keys()).isEmpty();
	}

	@Test
	void keysIsASnapshotAndSelectsByPrefix() {
		this.storage.set("products/1", "a");
		this.storage.set("products/2", "b");
		this.storage.set("settings", "c");
		var all = this.storage.keys();
		this.storage.set("later", "d");
		assertThat(all).containsExactlyInAnyOrder("products/1", "products/2", "settings");
		assertThat(this.storage.keys("products/")).containsExactlyInAnyOrder("products/1", "products/2");
	}

	@Test
	void nullArgumentsAreRejectedWithTheirName() {
		assertThatNullPointerException().isThrownBy(() -> this.storage.get(null)).withMessageContaining("key");
		assertThatNullPointerException().isThrownBy(() -> this.storage.set("k", null)).withMessageContaining("value");
		assertThatNullPointerException().isThrownBy(() -> this.storage.keys(null)).withMessageContaining("prefix");
	}

	@Test
	void concurrentWritersOfDistinctKeysAllLand() throws Exception {
		int threads = 8;
		int perThread = 500;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int id = t;
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						this.storage.set(id + "/" + i, "v" + i);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.storage.keys()).hasSize(threads * perThread);
		assertThat(this.storage.get("7/499")).contains("v499");
	}

}
