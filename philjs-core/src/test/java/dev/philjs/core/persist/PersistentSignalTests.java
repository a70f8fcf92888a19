package dev.philjs.core.persist;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.philjs.core.testing.VirtualScheduler;
import dev.philjs.core.Reactive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link PersistentSignal}: loading, quarantine, write-behind, retries, order.
 */
class PersistentSignalTests {

	private final VirtualScheduler scheduler = new VirtualScheduler();

	private final RecordingStorage storage = new RecordingStorage();

	private final List<PersistenceException> errors = new CopyOnWriteArrayList<>();

	private PersistOptions.Builder<Integer> options(String key) {
		return PersistOptions.builder(key, this.storage, Codec.ofInteger())
			.scheduler(this.scheduler)
			.clock(this.scheduler.clock())
			.onError(this.errors::add);
	}

	enum Theme {

		LIGHT, DARK

	}

	@Test
	void genericPersistentSignalOfTheGuide() {
		StateStorage storage = new InMemoryStateStorage();
		PersistentSignal<Theme> theme = Persistence.persistentSignal(Theme.LIGHT,
				PersistOptions.builder("app-theme", storage, Codec.ofEnum(Theme.class))
					.scheduler(this.scheduler)
					.build());

		theme.set(Theme.DARK);
		theme.flush();

		assertThat(storage.get("app-theme")).contains("DARK");
		theme.close();
	}

	@Test
	void loadsTheStoredValueOnCreation() {
		this.storage.delegate().set("count", "41");

		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());

		assertThat(count.get()).isEqualTo(41);
		assertThat(count.key()).isEqualTo("count");
	}

	@Test
	void readsTheStorageOnceOnCreationAndNeverAgain() {
		this.storage.delegate().set("count", "41");
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());

		for (int i = 0; i < 10; i++) {
			count.get();
			count.set(i);
			this.scheduler.runDue();
		}
		count.close();

		assertThat(this.storage.gets()).isEqualTo(1);
	}

	@Test
	void nothingStoredGivesTheInitialValueAndWritesNothing() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(7, options("count").build());
		this.scheduler.runDue();
		count.close();

		assertThat(count.get()).isEqualTo(7);
		assertThat(this.storage.attempts()).isEmpty();
	}

	@Test
	void corruptStoredValueGivesTheInitialValueAWarningAndIsQuarantinedNotDestroyed() {
		this.storage.delegate().set("count", "forty-one");

		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());

		String quarantineKey = "quarantine/count@" + VirtualScheduler.EPOCH.toEpochMilli();
		assertThat(count.get()).isZero();
		assertThat(this.storage.get(quarantineKey)).contains("forty-one");
		assertThat(this.storage.get("count")).isEmpty();
		assertThat(this.errors).singleElement().isInstanceOfSatisfying(CorruptValueException.class, (ex) -> {
			assertThat(ex.key()).contains("count");
			assertThat(ex.quarantineKey()).contains(quarantineKey);
			assertThat(ex).hasCauseInstanceOf(NumberFormatException.class);
		});
	}

	@Test
	void aSecondCorruptionInTheSameMillisecondGetsItsOwnQuarantineKey() {
		this.storage.delegate().set("count", "bad 1");
		Persistence.persistentSignal(0, options("count").build());
		this.storage.delegate().set("count", "bad 2");
		Persistence.persistentSignal(0, options("count").build());

		long millis = VirtualScheduler.EPOCH.toEpochMilli();
		assertThat(this.storage.get("quarantine/count@" + millis)).contains("bad 1");
		assertThat(this.storage.get("quarantine/count@" + millis + "-1")).contains("bad 2");
	}

	@Test
	void corruptValueStaysInPlaceWhenItCannotBeCopiedAside() {
		this.storage.delegate().set("count", "forty-one");
		this.storage.failNextWrites(1);

		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());

		assertThat(count.get()).isZero();
		assertThat(this.storage.get("count")).contains("forty-one");
		assertThat(this.errors).singleElement()
			.isInstanceOfSatisfying(CorruptValueException.class, (ex) -> assertThat(ex.quarantineKey()).isEmpty());
	}

	@Test
	void unreadableStorageGivesTheInitialValueAndIsReported() {
		this.storage.delegate().set("count", "41");
		this.storage.failReads(true);

		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());

		assertThat(count.get()).isZero();
		assertThat(this.errors).singleElement().isInstanceOf(StorageException.class);
	}

	@Test
	void withoutDebounceEachChangeIsWrittenOnTheExecutorNotOnTheWriter() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());

		count.set(1);
		assertThat(this.storage.attempts()).isEmpty();

		this.scheduler.runDue();
		assertThat(this.storage.writesOf("count")).containsExactly("1");
	}

	@Test
	void debounceCoalescesABurstIntoOneWriteOfTheLatestValue() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofMillis(300)).build());

		for (int i = 1; i <= 10; i++) {
			count.set(i);
			this.scheduler.advance(Duration.ofMillis(100));
		}
		assertThat(this.storage.attempts()).isEmpty();

		this.scheduler.advance(Duration.ofMillis(200));
		assertThat(this.storage.writesOf("count")).containsExactly("10");
	}

	@Test
	void debounceWaitsForQuietAfterTheLastChange() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofMillis(300)).build());

		count.set(1);
		this.scheduler.advance(Duration.ofMillis(299));
		count.set(2);
		this.scheduler.advance(Duration.ofMillis(299));
		assertThat(this.storage.attempts()).isEmpty();

		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(this.storage.writesOf("count")).containsExactly("2");
	}

	@Test
	void changesInsideABatchAreWrittenOnceWithTheFinalValue() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());

		Reactive.batch(() -> {
			count.set(1);
			count.set(2);
			count.update((n) -> n * 10);
		});
		this.scheduler.runDue();

		assertThat(this.storage.writesOf("count")).containsExactly("20");
	}

	@Test
	void flushWritesWhatIsPendingNow() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofSeconds(10)).build());
		count.set(5);

		count.flush();

		assertThat(this.storage.writesOf("count")).containsExactly("5");
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(this.storage.writesOf("count")).containsExactly("5");
	}

	@Test
	void flushWithNothingPendingWritesNothing() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());
		count.set(5);
		this.scheduler.runDue();

		count.flush();

		assertThat(this.storage.writesOf("count")).containsExactly("5");
	}

	@Test
	void closeWritesWhatIsPendingAndStopsPersisting() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofSeconds(10)).build());
		count.set(5);

		count.close();
		count.set(6);
		this.scheduler.advance(Duration.ofMinutes(1));

		assertThat(this.storage.writesOf("count")).containsExactly("5");
		assertThat(count.get()).isEqualTo(6);
		assertThat(this.scheduler.queued()).isZero();
	}

	@Test
	void failingStorageKeepsTheValueReportsAndRetriesWithCappedExponentialBackoff() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).build());
		this.storage.failNextWrites(5);

		count.set(1);
		this.scheduler.runDue();
		assertThat(count.get()).isEqualTo(1);
		assertThat(this.errors).singleElement().isInstanceOf(StorageException.class);

		// retries 1 s, 2 s, 4 s, 8 s, then 8 s (the cap) after each failure
		long[] secondsUntilNextAttempt = { 1, 2, 4, 8, 8 };
		for (int i = 0; i < secondsUntilNextAttempt.length; i++) {
			this.scheduler.advance(Duration.ofSeconds(secondsUntilNextAttempt[i]).minusMillis(1));
			assertThat(this.storage.attempts()).as("attempts before retry %d", i + 1).hasSize(i + 1);
			this.scheduler.advance(Duration.ofMillis(1));
			assertThat(this.storage.attempts()).as("attempts after retry %d", i + 1).hasSize(i + 2);
		}
		assertThat(this.storage.writesOf("count")).containsExactly("1");
		assertThat(this.errors).hasSize(5);
		assertThat(this.scheduler.queued()).isZero();
	}

	@Test
	void changesDuringBackoffLandInOrderWithTheRetry() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).build());
		this.storage.failNextWrites(2);

		count.set(1);
		this.scheduler.runDue();
		count.set(2);
		count.set(3);
		this.scheduler.advance(Duration.ofMillis(999));
		assertThat(this.storage.attempts()).as("changes wait for the retry").hasSize(1);
		this.scheduler.advance(Duration.ofMillis(1));
		count.set(4);
		this.scheduler.advance(Duration.ofSeconds(2));
		count.set(5);
		this.scheduler.runDue();

		assertThat(this.storage.attempts()).containsExactly("!count=1", "!count=3", "count=4", "count=5");
		assertThat(this.storage.get("count")).contains("5");
	}

	@Test
	void changesDuringBackoffDoNotShortenIt() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofMillis(100))
					.retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
					.build());
		this.storage.failNextWrites(1);
		count.set(1);
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(this.storage.attempts()).containsExactly("!count=1");

		count.set(2);
		this.scheduler.advance(Duration.ofMillis(999));
		assertThat(this.storage.attempts()).containsExactly("!count=1");

		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(this.storage.attempts()).containsExactly("!count=1", "count=2");
	}

	@Test
	void aSuccessfulWriteResetsTheBackoff() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).build());
		this.storage.failNextWrites(3);
		count.set(1);
		this.scheduler.advance(Duration.ofSeconds(7));
		assertThat(this.storage.writesOf("count")).containsExactly("1");

		this.storage.failNextWrites(1);
		count.set(2);
		this.scheduler.runDue();
		this.scheduler.advance(Duration.ofSeconds(1));

		assertThat(this.storage.writesOf("count")).containsExactly("1", "2");
	}

	@Test
	void closeAfterFailuresRetriesOnceMoreSynchronously() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());
		this.storage.failNextWrites(1);
		count.set(5);
		this.scheduler.runDue();
		assertThat(this.storage.get("count")).isEmpty();

		count.close();

		assertThat(this.storage.get("count")).contains("5");
		assertThat(this.scheduler.queued()).isZero();
	}

	@Test
	void closeReportsAndThrowsWhenTheFinalWriteStillFailsAndKeepsTheValueInMemory() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());
		this.storage.failWritesOf("count"::equals);
		count.set(5);
		this.scheduler.runDue();

		assertThatExceptionOfType(StorageException.class).isThrownBy(count::close);

		assertThat(this.errors).hasSize(2).allMatch(StorageException.class::isInstance);
		assertThat(count.get()).isEqualTo(5);
		assertThat(this.scheduler.queued()).isZero();

		this.storage.failWritesOf((key) -> false);
		count.close();
		assertThat(this.storage.get("count")).contains("5");
	}

	@Test
	void flushThrowsWhenTheWriteFailsAndTheRetryStillLandsIt() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofSeconds(10)).build());
		this.storage.failNextWrites(1);
		count.set(5);

		assertThatExceptionOfType(StorageException.class).isThrownBy(count::flush);
		this.scheduler.advance(PersistOptions.DEFAULT_RETRY_INITIAL);

		assertThat(this.storage.writesOf("count")).containsExactly("5");
	}

	@Test
	void aValueThatCannotBeEncodedIsReportedAndNotRetried() {
		Codec<Integer> oddOnly = Codec.of((n) -> {
			if (n % 2 == 0) {
				throw new IllegalArgumentException("even");
			}
			return n.toString();
		}, Integer::valueOf);
		PersistentSignal<Integer> count = Persistence.persistentSignal(1,
				PersistOptions.builder("count", this.storage, oddOnly)
					.scheduler(this.scheduler)
					.onError(this.errors::add)
					.build());

		count.set(2);
		this.scheduler.advance(Duration.ofMinutes(5));
		count.set(3);
		this.scheduler.runDue();

		assertThat(this.errors).singleElement()
			.satisfies((ex) -> assertThat(ex).hasCauseInstanceOf(IllegalArgumentException.class));
		assertThat(this.storage.writesOf("count")).containsExactly("3");
	}

	@Test
	void resetSetsTheInitialValueAndRemovesTheEntryAfterEarlierWrites() {
		this.storage.delegate().set("count", "3");
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofMillis(100)).build());
		count.set(4);

		count.reset();
		this.scheduler.advance(Duration.ofMillis(100));

		assertThat(count.get()).isZero();
		assertThat(this.storage.attempts()).containsExactly("-count");
	}

	@Test
	void resetOfAnUnchangedValueStillRemovesTheEntry() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());
		this.storage.delegate().set("count", "0");

		count.reset();
		this.scheduler.runDue();

		assertThat(this.storage.attempts()).containsExactly("-count");
	}

	@Test
	void aChangeAfterResetInTheSameBatchIsWrittenNotRemoved() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());
		count.set(4);
		this.scheduler.runDue();

		Reactive.batch(() -> {
			count.reset();
			count.set(9);
		});
		this.scheduler.runDue();

		assertThat(this.storage.attempts()).containsExactly("count=4", "count=9");
	}

	@Test
	void nullValuesAreRejectedAndChangeNothing() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(3, options("count").build());

		assertThatNullPointerException().isThrownBy(() -> count.set(null)).withMessageContaining("value");
		assertThatNullPointerException().isThrownBy(() -> count.update((n) -> null)).withMessageContaining("null");
		assertThatNullPointerException().isThrownBy(() -> Persistence.persistentSignal(null, options("x").build()))
			.withMessageContaining("initial");
		assertThat(count.get()).isEqualTo(3);
	}

	@Test
	void badOptionsAreRejectedWithTheirName() {
		assertThatIllegalArgumentException().isThrownBy(() -> options("k").debounce(Duration.ofMillis(-1)))
			.withMessageContaining("debounce");
		assertThatIllegalArgumentException().isThrownBy(() -> options("k").retryBackoff(Duration.ZERO, Duration.ZERO))
			.withMessageContaining("initial");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> options("k").retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("max");
		assertThatNullPointerException().isThrownBy(() -> PersistOptions.builder("k", null, Codec.ofString()))
			.withMessageContaining("storage");
	}

	@Test
	void anErrorListenerThatThrowsDoesNotStopTheRetries() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").onError((ex) -> {
			throw new IllegalStateException("listener bug");
		}).build());
		this.storage.failNextWrites(1);

		count.set(1);
		this.scheduler.runDue();
		this.scheduler.advance(PersistOptions.DEFAULT_RETRY_INITIAL);

		assertThat(this.storage.writesOf("count")).containsExactly("1");
	}

	@Test
	void hasPendingWriteFromTheChangeUntilItIsStoredAcrossRetries() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0, options("count").build());
		assertThat(count.hasPendingWrite()).as("nothing changed").isFalse();
		this.storage.failNextWrites(1);

		count.set(1);
		assertThat(count.hasPendingWrite()).as("debouncing").isTrue();
		this.scheduler.runDue();
		assertThat(this.storage.writesOf("count")).isEmpty();
		assertThat(count.hasPendingWrite()).as("waiting for the retry").isTrue();
		this.scheduler.advance(PersistOptions.DEFAULT_RETRY_INITIAL);

		assertThat(this.storage.writesOf("count")).containsExactly("1");
		assertThat(count.hasPendingWrite()).as("stored").isFalse();
	}

	@Test
	void pureDebounceWritesNothingWhileChangesKeepComing() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofMillis(100)).build());
		for (int i = 1; i <= 20; i++) {
			count.set(i);
			this.scheduler.advance(Duration.ofMillis(50));
		}
		assertThat(this.storage.writesOf("count")).isEmpty();
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(this.storage.writesOf("count")).containsExactly("20");
	}

	@Test
	void maxWaitWritesASteadyStreamOfChangesAtLeastThatOftenWithTheLatestValue() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				options("count").debounce(Duration.ofMillis(100)).maxWait(Duration.ofMillis(250)).build());
		for (int i = 1; i <= 20; i++) {
			count.set(i);
			this.scheduler.advance(Duration.ofMillis(50));
		}
		// value i is set at (i - 1) * 50 ms; each write comes 250 ms after the oldest
		// change it covers: at 250 ms (value 5), 500 (10), 750 (15) and 1000 (20)
		assertThat(this.storage.writesOf("count")).containsExactly("5", "10", "15", "20");
		assertThat(count.hasPendingWrite()).isFalse();
	}

	@Test
	void maxWaitMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> options("k").maxWait(Duration.ZERO))
			.withMessageContaining("maxWait must be positive");
	}

	@Test
	void survivesARestartWithFileStorage(@TempDir Path root) {
		FileStateStorage files = FileStateStorage.forApplication(root, "shop");
		PersistentSignal<Integer> count = Persistence.persistentSignal(0,
				PersistOptions.builder("visits", files, Codec.ofInteger())
					.debounce(Duration.ofSeconds(1))
					.scheduler(this.scheduler)
					.build());
		count.set(42);
		count.close();

		PersistentSignal<Integer> restarted = Persistence.persistentSignal(0,
				PersistOptions.builder("visits", FileStateStorage.forApplication(root, "shop"), Codec.ofInteger())
					.scheduler(this.scheduler)
					.build());

		assertThat(restarted.get()).isEqualTo(42);
	}

	@Test
	void isAnOrdinaryReactiveSignal() {
		PersistentSignal<Integer> count = Persistence.persistentSignal(1, options("count").build());
		List<Integer> seen = new ArrayList<>();

		Reactive.createRoot((root) -> Reactive.effect(() -> seen.add(count.get())));
		count.set(2);
		count.update((n) -> n + 1);

		assertThat(seen).containsExactly(1, 2, 3);
		assertThat(count.asReadOnly().get()).isEqualTo(3);
	}

	@Test
	void concurrentIncrementsAreWrittenInIncreasingOrderAndTheLastLands() throws Exception {
		ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
		try {
			PersistentSignal<Integer> count = Persistence.persistentSignal(0,
					PersistOptions.builder("count", this.storage, Codec.ofInteger()).scheduler(executor).build());
			int threads = 8;
			int perThread = 300;
			runConcurrently(threads, () -> {
				for (int i = 0; i < perThread; i++) {
					count.update((n) -> n + 1);
				}
			});
			count.close();

			List<Integer> written = this.storage.writesOf("count").stream().map(Integer::valueOf).toList();
			assertThat(written).isNotEmpty().isSorted().doesNotHaveDuplicates();
			assertThat(written.get(written.size() - 1)).isEqualTo(threads * perThread);
			assertThat(this.storage.get("count")).contains(String.valueOf(threads * perThread));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void concurrentWritersWithAFlakyStorageEndWithTheLastValueWritten() throws Exception {
		ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
		try {
			PersistentSignal<Integer> value = Persistence.persistentSignal(0,
					PersistOptions.builder("value", this.storage, Codec.ofInteger())
						.scheduler(executor)
						.debounce(Duration.ofNanos(1000))
						.retryBackoff(Duration.ofMillis(1), Duration.ofMillis(4))
						.build());
			AtomicInteger next = new AtomicInteger();
			this.storage.failNextWrites(20);
			runConcurrently(8, () -> {
				for (int i = 0; i < 200; i++) {
					value.set(next.incrementAndGet());
				}
			});
			// the backoff retries land the last value without help
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(this.storage.get("value")).contains(String.valueOf(value.get())));
			value.close();

			assertThat(this.storage.attempts()).filteredOn((a) -> a.startsWith("!")).hasSize(20);
			List<Integer> written = this.storage.writesOf("value").stream().map(Integer::valueOf).toList();
			assertThat(written).isSorted().doesNotHaveDuplicates();
		}
		finally {
			executor.shutdownNow();
		}
	}

	static void runConcurrently(int threads, Runnable body) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					start.await();
					body.run();
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
	}

}
