package dev.philjs.core;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static dev.philjs.core.Reactive.batch;
import static dev.philjs.core.Reactive.createRoot;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stress tests for the concurrency promises C1-C6: many threads, seeded random
 * interleavings, bounded run time, invariants checked on every step.
 *
 * <p>
 * Reproduce a failure with {@code -Dphiljs.stress.seed=<seed from the message>}; make the
 * time-bounded tests run longer with {@code -Dphiljs.stress.millis=<millis>}.
 */
class ConcurrencyStressTests {

	private static final int THREADS = 8;

	private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("philjs.stress.millis", 1_000));

	private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

	private final long seed = Long.getLong("philjs.stress.seed", System.nanoTime());

	private final LongAdder operations = new LongAdder();

	private final Violations violations = new Violations();

	private Disposable root;

	private Owner rootOwner;

	private long startNanos;

	@BeforeEach
	void openRoot() {
		this.root = createRoot((r) -> {
			this.rootOwner = Reactive.getOwner();
			return r;
		});
		this.startNanos = System.nanoTime();
	}

	@AfterEach
	void report(TestInfo info) {
		this.root.dispose();
		System.out.printf("%s: %,d operations in %d ms (seed %d)%n", info.getDisplayName(), this.operations.sum(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos), this.seed);
	}

	// ------------------------------------------------------------------ C1

	@Test
	@DisplayName("C1 N threads x M update(x -> x + 1) end at N*M")
	void C1_concurrentIncrementsAreNotLost() {
		int perThread = 20_000;
		Signal<Integer> counter = signal(0);
		AtomicInteger seenByEffect = new AtomicInteger(-1);
		inRoot(() -> effect(() -> seenByEffect.set(counter.get())));
		race("c1-update", THREADS, (index, random) -> {
			for (int n = 0; n < perThread; n++) {
				counter.update((x) -> x + 1);
				this.operations.increment();
				maybeJitter(random, 256);
			}
		});
		assertThat(counter.get()).as(seedInfo()).isEqualTo(THREADS * perThread);
		assertThat(seenByEffect.get()).as(seedInfo()).isEqualTo(THREADS * perThread);
	}

	@Test
	@DisplayName("C1 increments of several signals inside (nested) batches are not lost")
	void C1_incrementsInsideBatchesOverSeveralSignalsAreNotLost() {
		int batchesPerThread = 5_000;
		int width = 4;
		List<Signal<Long>> signals = new ArrayList<>();
		for (int i = 0; i < width; i++) {
			signals.add(signal(0L));
		}
		Memo<Long> total = inRoot(() -> memo(() -> signals.stream().mapToLong(Signal::get).sum()));
		AtomicLong seenTotal = new AtomicLong();
		inRoot(() -> effect(() -> seenTotal.set(total.get())));
		AtomicLongArray expected = new AtomicLongArray(width);
		race("c1-batch", THREADS, (index, random) -> {
			long[] mine = new long[width];
			for (int n = 0; n < batchesPerThread; n++) {
				batch(() -> {
					int writes = 1 + random.nextInt(4);
					for (int w = 0; w < writes; w++) {
						int i = random.nextInt(width);
						Signal<Long> s = signals.get(i);
						switch (random.nextInt(3)) {
							// a read-modify-write spelled out is atomic inside a batch
							case 0 -> s.set(s.get() + 1);
							case 1 -> s.update((x) -> x + 1);
							default -> batch(() -> s.update((x) -> x + 1));
						}
						mine[i]++;
						maybeJitter(random, 64);
					}
				});
				this.operations.increment();
			}
			for (int i = 0; i < width; i++) {
				expected.addAndGet(i, mine[i]);
			}
		});
		long sum = 0;
		for (int i = 0; i < width; i++) {
			assertThat(signals.get(i).get()).as(seedInfo() + ", signal " + i).isEqualTo(expected.get(i));
			sum += expected.get(i);
		}
		assertThat(total.get()).as(seedInfo()).isEqualTo(sum);
		assertThat(seenTotal.get()).as(seedInfo()).isEqualTo(sum);
	}

	// ------------------------------------------------------------------ C2

	@Test
	@DisplayName("C2 a read that starts after set(v) returned sees v or a later value")
	void C2_readAfterWriteReturnedSeesThatWriteOrLater() {
		Signal<Long> s = signal(0L);
		ReadSignal<Long> readOnly = s.asReadOnly();
		Memo<Long> same = inRoot(() -> memo(s::get));
		AtomicLong lastReturned = new AtomicLong();
		long deadline = deadline();
		race("c2-read-after-write", THREADS, (index, random) -> {
			if (index < 3) {
				while (System.nanoTime() < deadline) {
					long written = switch (index) {
						case 0 -> s.update((x) -> x + 1);
						case 1 -> batch(() -> {
							long next = s.get() + 1;
							s.set(next);
							return next;
						});
						default -> batch(() -> s.update((x) -> x + 1));
					};
					lastReturned.accumulateAndGet(written, Math::max);
					this.operations.increment();
					maybeJitter(random, 32);
				}
				return;
			}
			long previous = 0;
			while (System.nanoTime() < deadline) {
				long floor = lastReturned.get();
				int how = random.nextInt(5);
				long seen = switch (how) {
					case 0 -> s.get();
					case 1 -> s.peek();
					case 2 -> same.get();
					case 3 -> readOnly.get();
					default -> batch(s::get);
				};
				this.operations.increment();
				this.violations.check(seen >= floor,
						() -> "read #" + how + " saw " + seen + " after a write of " + floor + " had returned");
				long before = previous;
				this.violations.check(seen >= before,
						() -> "reads went backwards on one thread: " + seen + " after " + before);
				previous = seen;
				maybeJitter(random, 32);
			}
		});
		this.violations.assertNone(seedInfo());
	}

	@Test
	@DisplayName("C2 a batch's writes become visible to other threads all at once")
	void C2_batchWritesAreAtomicToOtherThreads() {
		Signal<Long> a = signal(0L);
		Signal<Long> b = signal(0L);
		AtomicLong next = new AtomicLong();
		Memo<Long> difference = inRoot(() -> memo(() -> a.get() - b.get()));
		Memo<Long> pairChecked = inRoot(() -> memo(() -> {
			long x = a.get();
			long y = b.get();
			this.violations.check(x == y, () -> "memo saw a=" + x + " b=" + y);
			return x;
		}));
		inRoot(() -> effect(() -> {
			long x = a.get();
			long y = b.get();
			this.violations.check(x == y, () -> "effect saw a=" + x + " b=" + y);
		}));
		long deadline = deadline();
		race("c2-batch", THREADS, (index, random) -> {
			if (index < 3) {
				while (System.nanoTime() < deadline) {
					batch(() -> {
						// the counter is taken under the graph lock, so commits are
						// ordered
						long v = next.incrementAndGet();
						a.set(v);
						maybeJitter(random, 4);
						b.set(-v);
						if (random.nextBoolean()) {
							batch(() -> b.set(v));
						}
						else {
							b.set(v);
						}
					});
					this.operations.increment();
					maybeJitter(random, 32);
				}
				return;
			}
			while (System.nanoTime() < deadline) {
				switch (random.nextInt(4)) {
					case 0 -> {
						long d = batch(() -> a.get() - b.get());
						this.violations.check(d == 0, () -> "batch read a - b = " + d);
					}
					case 1 -> {
						long d = difference.get();
						this.violations.check(d == 0, () -> "memo a - b = " + d);
					}
					case 2 -> pairChecked.get();
					default -> {
						// outside a batch a and b may come from different commits, but a
						// later commit never has smaller values
						long x = a.get();
						long y = b.get();
						this.violations.check(y >= x, () -> "read a=" + x + " then b=" + y);
					}
				}
				this.operations.increment();
				maybeJitter(random, 32);
			}
		});
		this.violations.assertNone(seedInfo());
		assertThat(batch(() -> a.get() - b.get())).as(seedInfo()).isZero();
	}

	// ------------------------------------------------------------------ C3

	@Test
	@DisplayName("C3 a diamond d = b + c over a never mixes two writes")
	void C3_diamondNeverMixesTwoWrites() {
		Signal<Integer> a = signal(0);
		Set<Integer> written = ConcurrentHashMap.newKeySet();
		written.add(0);
		Memo<Integer> b = inRoot(() -> memo(a::get));
		Memo<Integer> c = inRoot(() -> memo(a::get));
		Memo<Integer> d = inRoot(() -> memo(() -> {
			int bv = b.get();
			int cv = c.get();
			int av = a.get();
			this.violations.check(bv == av && cv == av, () -> "d saw a=" + av + " b=" + bv + " c=" + cv);
			return bv + cv;
		}));
		Memo<Integer> tail = inRoot(() -> memo(d::get));
		LongAdder effectRuns = new LongAdder();
		inRoot(() -> effect(() -> {
			int dv = d.get();
			int av = a.get();
			effectRuns.increment();
			this.violations.check(dv == 2 * av, () -> "effect saw d=" + dv + " with a=" + av);
		}));
		long deadline = deadline();
		race("c3-diamond", THREADS, (index, random) -> {
			if (index < 3) {
				while (System.nanoTime() < deadline) {
					int value = random.nextInt(1_000_000);
					written.add(value);
					if (random.nextBoolean()) {
						a.set(value);
					}
					else {
						// the intermediate negative value must never be seen
						batch(() -> {
							a.set(-1 - value);
							maybeJitter(random, 4);
							a.set(value);
						});
					}
					this.operations.increment();
					maybeJitter(random, 32);
				}
				return;
			}
			while (System.nanoTime() < deadline) {
				int how = random.nextInt(3);
				if (how == 2) {
					boolean consistent = batch(() -> d.get() == 2 * a.get());
					this.violations.check(consistent, () -> "batch read d != 2 * a");
				}
				else {
					int dv = (how == 0) ? d.get() : tail.get();
					this.violations.check(dv >= 0 && dv % 2 == 0 && written.contains(dv / 2),
							() -> "read d=" + dv + ", which is not twice a written value");
				}
				this.operations.increment();
				maybeJitter(random, 32);
			}
		});
		this.violations.assertNone(seedInfo());
		assertThat(effectRuns.sum()).as(seedInfo()).isGreaterThan(1);
	}

	@Test
	@DisplayName("C3 two memo chains over one signal always agree")
	void C3_memoChainsSeeOneState() {
		Signal<Integer> a = signal(0);
		Memo<Integer> longChain = inRoot(() -> {
			Memo<Integer> m = memo(() -> a.get() + 1);
			for (int i = 0; i < 7; i++) {
				Memo<Integer> previous = m;
				m = memo(() -> previous.get() + 1);
			}
			return m;
		});
		Memo<Integer> shortChain = inRoot(() -> {
			Memo<Integer> m = memo(() -> a.get() + 2);
			for (int i = 0; i < 3; i++) {
				Memo<Integer> previous = m;
				m = memo(() -> previous.get() + 2);
			}
			return m;
		});
		Memo<Integer> gap = inRoot(() -> memo(() -> longChain.get() - shortChain.get()));
		inRoot(() -> effect(() -> {
			int g = gap.get();
			int top = longChain.get();
			int av = a.get();
			this.violations.check(g == 0 && top == av + 8,
					() -> "effect saw gap=" + g + " long chain=" + top + " a=" + av);
		}));
		long deadline = deadline();
		race("c3-chains", THREADS, (index, random) -> {
			while (System.nanoTime() < deadline) {
				if (index < 3) {
					if (random.nextBoolean()) {
						a.update((x) -> x + 1);
					}
					else {
						a.set(random.nextInt(1000));
					}
				}
				else if (random.nextBoolean()) {
					int g = gap.get();
					this.violations.check(g == 0, () -> "read gap=" + g);
				}
				else {
					int offset = batch(() -> longChain.get() - a.get());
					this.violations.check(offset == 8, () -> "batch read long chain - a = " + offset);
				}
				this.operations.increment();
				maybeJitter(random, 32);
			}
		});
		this.violations.assertNone(seedInfo());
	}

	@Test
	@DisplayName("C3 the sum of two signals written together in batches is constant")
	void C3_sumOfSignalsWrittenTogetherIsConstant() {
		int total = 1_000;
		Signal<Integer> x = signal(total);
		Signal<Integer> y = signal(0);
		Memo<Integer> sum = inRoot(() -> memo(() -> x.get() + y.get()));
		Memo<Integer> sumOfSum = inRoot(() -> memo(() -> sum.get() + x.get() - x.get()));
		inRoot(() -> effect(() -> {
			int s = sum.get();
			this.violations.check(s == total, () -> "effect saw sum=" + s);
		}));
		long deadline = deadline();
		race("c3-sum", THREADS, (index, random) -> {
			while (System.nanoTime() < deadline) {
				if (index < 4) {
					int amount = random.nextInt(21) - 10;
					if (random.nextBoolean()) {
						batch(() -> {
							x.update((v) -> v - amount);
							maybeJitter(random, 4);
							y.update((v) -> v + amount);
						});
					}
					else {
						int part = random.nextInt(total + 1);
						batch(() -> {
							x.set(part);
							y.set(total - part);
						});
					}
				}
				else {
					int s = switch (random.nextInt(3)) {
						case 0 -> sum.get();
						case 1 -> sumOfSum.get();
						default -> batch(() -> x.get() + y.get());
					};
					this.violations.check(s == total, () -> "read sum=" + s);
				}
				this.operations.increment();
				maybeJitter(random, 32);
			}
		});
		this.violations.assertNone(seedInfo());
		assertThat(sum.get()).as(seedInfo()).isEqualTo(total);
	}

	// ------------------------------------------------------------------ C4

	@Test
	@DisplayName("C4 two runs of the same effect never overlap")
	void C4_effectRunsNeverOverlap() {
		Signal<Integer> s = signal(0);
		Signal<Integer> relayed = signal(0);
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger insideRelay = new AtomicInteger();
		LongAdder runs = new LongAdder();
		inRoot(() -> effect(() -> {
			int v = s.get();
			int now = inside.incrementAndGet();
			this.violations.check(now == 1, () -> "effect entered while " + (now - 1) + " run(s) were inside");
			runs.increment();
			// widen the window in which a second run could enter
			for (int spin = v & 63; spin > 0; spin--) {
				Thread.onSpinWait();
			}
			relayed.set(v);
			inside.decrementAndGet();
		}));
		inRoot(() -> effect(() -> {
			relayed.get();
			int now = insideRelay.incrementAndGet();
			this.violations.check(now == 1, () -> "relay effect entered while another run was inside");
			insideRelay.decrementAndGet();
		}));
		long deadline = deadline();
		race("c4-overlap", THREADS, (index, random) -> {
			while (System.nanoTime() < deadline) {
				switch (random.nextInt(3)) {
					case 0 -> s.update((x) -> x + 1);
					case 1 -> s.set(random.nextInt(10_000));
					default -> batch(() -> {
						s.update((x) -> x + 1);
						s.update((x) -> x + 1);
					});
				}
				this.operations.increment();
				maybeJitter(random, 32);
			}
		});
		this.violations.assertNone(seedInfo());
		assertThat(runs.sum()).as(seedInfo()).isGreaterThan(THREADS);
	}

	@Test
	@DisplayName("C4 when set(v) returns, every dependent effect has run with v or later")
	void C4_dependentEffectsHaveRunWhenWriteReturns() {
		Signal<Long> s = signal(0L);
		Memo<Long> doubled = inRoot(() -> memo(() -> s.get() * 2));
		AtomicLong seenDirectly = new AtomicLong();
		AtomicLong seenThroughMemo = new AtomicLong();
		AtomicLong seenBySubscriber = new AtomicLong();
		inRoot(() -> effect(() -> seenDirectly.set(s.get())));
		inRoot(() -> effect(() -> seenThroughMemo.set(doubled.get() / 2)));
		Subscription subscription = s.subscribe(seenBySubscriber::set);
		long deadline = deadline();
		try {
			race("c4-complete", THREADS, (index, random) -> {
				while (System.nanoTime() < deadline) {
					long written = switch (random.nextInt(3)) {
						case 0 -> s.update((x) -> x + 1);
						case 1 -> batch(() -> s.update((x) -> x + 1));
						default -> batch(() -> {
							s.update((x) -> x + 1);
							return batch(() -> s.update((x) -> x + 1));
						});
					};
					long direct = seenDirectly.get();
					long throughMemo = seenThroughMemo.get();
					long bySubscriber = seenBySubscriber.get();
					this.violations.check(direct >= written && throughMemo >= written && bySubscriber >= written,
							() -> "after writing " + written + " the effects had seen " + direct + ", " + throughMemo
									+ " and " + bySubscriber);
					this.operations.increment();
					maybeJitter(random, 32);
				}
			});
		}
		finally {
			subscription.close();
		}
		this.violations.assertNone(seedInfo());
		assertThat(seenDirectly.get()).as(seedInfo()).isEqualTo(s.get());
	}

	// ------------------------------------------------------------------ C5

	@Test
	@DisplayName("C5 a mixed workload of every public operation on 8 threads always finishes")
	void C5_mixedWorkloadAlwaysMakesProgress() throws InterruptedException {
		int width = 6;
		List<Signal<Integer>> signals = new ArrayList<>();
		for (int i = 0; i < width; i++) {
			signals.add(signal(0));
		}
		List<Memo<Integer>> memos = inRoot(() -> {
			List<Memo<Integer>> list = new ArrayList<>();
			for (int i = 0; i + 1 < width; i++) {
				Signal<Integer> left = signals.get(i);
				Signal<Integer> right = signals.get(i + 1);
				list.add(memo(() -> left.get() + right.get()));
			}
			return list;
		});
		// effects that write downstream signals: acyclic, so every flush settles
		inRoot(() -> effect(() -> signals.get(width - 1).set(signals.get(0).get())));
		inRoot(() -> effect(() -> signals.get(width - 2).set(memos.get(0).get() % 100)));
		Context<String> context = Reactive.createContext("c5", "none");
		Queue<AutoCloseable> open = new ConcurrentLinkedQueue<>();
		AtomicReferenceArray<Memo<Integer>> sharedMemos = new AtomicReferenceArray<>(16);
		ExecutorService listeners = Executors.newFixedThreadPool(2, daemonThreads("c5-listener"));
		LongAdder delivered = new LongAdder();
		long deadline = deadline();
		try {
			race("c5-mixed", THREADS, (index, random) -> {
				AtomicReference<Owner> mineOwner = new AtomicReference<>();
				Disposable mine = createRoot((r) -> {
					mineOwner.set(Reactive.getOwner());
					return r;
				});
				try {
					while (System.nanoTime() < deadline) {
						Signal<Integer> s = signals.get(random.nextInt(width));
						Memo<Integer> m = memos.get(random.nextInt(memos.size()));
						switch (random.nextInt(16)) {
							case 0 -> s.set(random.nextInt(100));
							case 1 -> s.update((x) -> x + 1);
							case 2 -> m.get();
							case 3 -> m.peek();
							case 4 -> batch(() -> {
								s.update((x) -> x + 1);
								batch(() -> {
									signals.get(random.nextInt(width)).set(m.get() % 50);
									maybeJitter(random, 4);
								});
								m.get();
							});
							case 5 -> open.add(Reactive.runWithOwner(null, () -> effect(() -> {
								m.get();
								Reactive.onCleanup(delivered::increment);
							})));
							case 6 -> close(open.poll());
							case 7 -> {
								Disposable r = createRoot((root) -> {
									Memo<Integer> local = memo(() -> s.get() * 2);
									sharedMemos.set(random.nextInt(sharedMemos.length()), local);
									effect(() -> {
										local.get();
										effect(() -> m.get());
									});
									return root;
								});
								if (random.nextBoolean()) {
									r.dispose();
								}
								else {
									open.add(r);
								}
							}
							case 8 -> open.add(s.subscribe((v) -> delivered.increment()));
							case 9 -> open.add(m.subscribe((v) -> delivered.increment(), listeners));
							case 10 -> Reactive.untrack(() -> s.get() + m.get());
							case 11 -> Reactive.runWithOwner(mineOwner.get(), () -> {
								Effect e = effect(() -> {
									s.get();
									Reactive.onCleanup(() -> {
									});
								});
								if (random.nextBoolean()) {
									e.dispose();
								}
								else {
									open.add(e);
								}
								return e;
							});
							case 12 -> context.provide("thread-" + index, () -> {
								Disposable r = createRoot((root) -> {
									effect(() -> this.violations.check(context.get().equals("thread-" + index),
											() -> "context lost: " + context.get()));
									return root;
								});
								r.dispose();
								return null;
							});
							case 13 -> {
								// maybe disposed by another thread meanwhile: then it
								// returns
								// its last value
								Memo<Integer> other = sharedMemos.get(random.nextInt(sharedMemos.length()));
								if (other != null) {
									other.get();
								}
							}
							case 14 -> open.add(createRoot((r) -> {
								// owners are per thread: this effect belongs to this
								// root,
								// also when it re-runs on another thread's write
								Owner rootOwner = Reactive.getOwner();
								batch(() -> effect(() -> {
									s.get();
									Owner self = Reactive.getOwner();
									this.violations.check(self != null && self.parent() == rootOwner,
											() -> "effect owned by " + ((self != null) ? self.parent() : null)
													+ " instead of " + rootOwner);
								}));
								return r;
							}));
							default -> {
								Effect e = effect(() -> s.get());
								open.add(e);
							}
						}
						if (open.size() > 64) {
							close(open.poll());
						}
						this.operations.increment();
						maybeJitter(random, 32);
					}
				}
				finally {
					mine.dispose();
				}
			});
		}
		finally {
			for (AutoCloseable c = open.poll(); c != null; c = open.poll()) {
				close(c);
			}
			listeners.shutdown();
		}
		assertThat(listeners.awaitTermination(10, TimeUnit.SECONDS)).as("listener executor terminated").isTrue();
		this.violations.assertNone(seedInfo());
		// the graph is still usable afterwards
		Signal<Integer> probe = signal(0);
		List<Integer> seen = new CopyOnWriteArrayList<>();
		inRoot(() -> effect(() -> seen.add(probe.get())));
		probe.set(1);
		assertThat(seen).as(seedInfo()).containsExactly(0, 1);
	}

	// ------------------------------------------------------------------ C6

	@Test
	@DisplayName("C6 a blocked async listener does not slow writers, then gets the latest value")
	void C6_blockedListenerDoesNotBlockWritersAndIsConflated() throws Exception {
		int writes = 10_000;
		Signal<Integer> s = signal(0);
		ExecutorService executor = Executors.newSingleThreadExecutor(daemonThreads("c6-listener"));
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> received = new CopyOnWriteArrayList<>();
		Set<Thread> deliveryThreads = ConcurrentHashMap.newKeySet();
		Subscription subscription = s.subscribe((v) -> {
			deliveryThreads.add(Thread.currentThread());
			received.add(v);
			entered.countDown();
			awaitQuietly(release);
		}, executor);
		ExecutorService writer = Executors.newSingleThreadExecutor(daemonThreads("c6-writer"));
		try {
			assertThat(entered.await(10, TimeUnit.SECONDS)).as("first delivery started").isTrue();
			Future<Thread> done = writer.submit(() -> {
				for (int i = 1; i <= writes; i++) {
					s.set(i);
					this.operations.increment();
				}
				return Thread.currentThread();
			});
			// the writes finish although the listener is still blocked
			Thread writerThread = done.get(20, TimeUnit.SECONDS);
			assertThat(release.getCount()).isOne();
			assertThat(received).containsExactly(0);
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(writes));
			drain(executor);
			assertThat(received).containsExactly(0, writes);
			assertThat(deliveryThreads).hasSize(1).doesNotContain(writerThread, Thread.currentThread());
			assertThat(deliveryThreads.iterator().next().getName()).startsWith("c6-listener");
		}
		finally {
			release.countDown();
			subscription.close();
			writer.shutdownNow();
			executor.shutdownNow();
		}
	}

	@Test
	@DisplayName("C6 async delivery under concurrent writers is in order, ends with the last value, off the writers")
	void C6_asyncDeliveryIsOrderedConflatedAndOffTheWriterThreads() throws Exception {
		int perThread = 5_000;
		Signal<Integer> s = signal(0);
		Memo<Integer> doubled = inRoot(() -> memo(() -> s.get() * 2));
		ExecutorService executor = Executors.newSingleThreadExecutor(daemonThreads("c6-listener"));
		List<Integer> received = new CopyOnWriteArrayList<>();
		List<Integer> receivedDoubled = new CopyOnWriteArrayList<>();
		Set<String> deliveryThreads = ConcurrentHashMap.newKeySet();
		Subscription a = s.subscribe((v) -> {
			deliveryThreads.add(Thread.currentThread().getName());
			received.add(v);
			// a listener slower than the writers
			for (int spin = 0; spin < 2_000; spin++) {
				Thread.onSpinWait();
			}
		}, executor);
		Subscription b = doubled.subscribe((v) -> {
			deliveryThreads.add(Thread.currentThread().getName());
			receivedDoubled.add(v);
		}, executor);
		try {
			race("c6-writers", 4, (index, random) -> {
				for (int n = 0; n < perThread; n++) {
					s.update((x) -> x + 1);
					this.operations.increment();
					maybeJitter(random, 256);
				}
			});
			int last = 4 * perThread;
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.contains(last) && receivedDoubled.contains(2 * last));
			drain(executor);
			assertThat(received).as(seedInfo()).isSorted().doesNotHaveDuplicates().endsWith(last);
			assertThat(receivedDoubled).as(seedInfo()).isSorted().doesNotHaveDuplicates().endsWith(2 * last);
			assertThat(deliveryThreads).as(seedInfo()).allMatch((name) -> name.startsWith("c6-listener"));
		}
		finally {
			a.close();
			b.close();
			executor.shutdownNow();
		}
	}

	@Test
	@DisplayName("C6 close() stops async deliveries, also while writers keep writing")
	void C6_closeStopsDeliveries() throws Exception {
		Signal<Integer> s = signal(0);
		ExecutorService executor = Executors.newSingleThreadExecutor(daemonThreads("c6-listener"));
		List<Integer> received = new CopyOnWriteArrayList<>();
		Subscription subscription = s.subscribe(received::add, executor);
		AtomicReference<Subscription> blockedOne = new AtomicReference<>();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> receivedByBlocked = new CopyOnWriteArrayList<>();
		try {
			s.set(1);
			await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(1));
			// close while writers are running
			long deadline = deadline();
			AtomicLong writesAfterClose = new AtomicLong();
			AtomicInteger valueAtClose = new AtomicInteger();
			CountDownLatch closed = new CountDownLatch(1);
			race("c6-close", 4, (index, random) -> {
				if (index == 0) {
					for (int n = 0; n < 200; n++) {
						s.update((x) -> x + 1);
					}
					subscription.close();
					valueAtClose.set(s.peek());
					closed.countDown();
					return;
				}
				while (System.nanoTime() < deadline || closed.getCount() > 0 || writesAfterClose.get() < 100) {
					s.update((x) -> x + 1);
					if (closed.getCount() == 0) {
						writesAfterClose.incrementAndGet();
					}
					this.operations.increment();
					maybeJitter(random, 64);
				}
			});
			assertThat(subscription.isActive()).isFalse();
			drain(executor);
			int count = received.size();
			s.update((x) -> x + 1);
			drain(executor);
			assertThat(received).as(seedInfo()).hasSize(count).isSorted().allMatch((v) -> v <= valueAtClose.get());
			assertThat(writesAfterClose.get()).as(seedInfo()).isPositive();

			// close while the listener is blocked: the running delivery finishes, the
			// value waiting behind it is dropped
			blockedOne.set(s.subscribe((v) -> {
				receivedByBlocked.add(v);
				entered.countDown();
				awaitQuietly(release);
			}, executor));
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			s.update((x) -> x + 1);
			blockedOne.get().close();
			release.countDown();
			drain(executor);
			s.update((x) -> x + 1);
			drain(executor);
			assertThat(receivedByBlocked).hasSize(1);
		}
		finally {
			release.countDown();
			subscription.close();
			Subscription other = blockedOne.get();
			if (other != null) {
				other.close();
			}
			executor.shutdownNow();
		}
	}

	// ------------------------------------------------------------------ harness

	/** The body of one racing thread. */
	@FunctionalInterface
	interface Worker {

		void run(int index, Random random) throws Exception;

	}

	/**
	 * Starts {@code threads} threads together, each with its own {@link Random} derived
	 * from the seed, waits for all of them, and fails with a thread dump if one of them
	 * does not finish, or with the first error of any of them.
	 */
	private void race(String name, int threads, Worker worker) {
		CyclicBarrier start = new CyclicBarrier(threads);
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		List<Thread> started = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int index = i;
			Random random = new Random(this.seed * 31 + i);
			Thread thread = new Thread(() -> {
				try {
					start.await();
					worker.run(index, random);
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			}, name + "-" + i);
			thread.setDaemon(true);
			thread.start();
			started.add(thread);
		}
		long joinDeadline = deadline() + JOIN_TIMEOUT.toNanos();
		List<Thread> stuck = new ArrayList<>();
		for (Thread thread : started) {
			try {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while joining " + thread.getName(), ex);
			}
			if (thread.isAlive()) {
				stuck.add(thread);
			}
		}
		if (!stuck.isEmpty()) {
			throw new AssertionError(
					seedInfo() + ": " + stuck.size() + " thread(s) of " + name + " did not finish within "
							+ JOIN_TIMEOUT + " after the run time (deadlock or livelock?)\n" + threadDump(stuck));
		}
		if (!failures.isEmpty()) {
			Throwable first = failures.peek();
			AssertionError error = new AssertionError(
					seedInfo() + ": " + failures.size() + " thread(s) of " + name + " failed; first: " + first, first);
			failures.stream().skip(1).limit(4).forEach(error::addSuppressed);
			throw error;
		}
	}

	/**
	 * Lock owners and full stacks of the stuck threads and of every thread holding a
	 * lock.
	 */
	private static String threadDump(List<Thread> stuck) {
		Set<Long> ids = ConcurrentHashMap.newKeySet();
		stuck.forEach((t) -> ids.add(t.getId()));
		StringBuilder dump = new StringBuilder();
		for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			boolean holdsLocks = info.getLockedSynchronizers().length > 0 || info.getLockedMonitors().length > 0;
			if (!ids.contains(info.getThreadId()) && !holdsLocks) {
				continue;
			}
			dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
			if (info.getLockName() != null) {
				dump.append(" on ").append(info.getLockName());
			}
			if (info.getLockOwnerName() != null) {
				dump.append(" owned by \"").append(info.getLockOwnerName()).append('"');
			}
			for (LockInfo lock : info.getLockedSynchronizers()) {
				dump.append("\n\tholds ").append(lock);
			}
			for (StackTraceElement frame : info.getStackTrace()) {
				dump.append("\n\tat ").append(frame);
			}
			dump.append("\n\n");
		}
		return dump.toString();
	}

	private String seedInfo() {
		return "seed " + this.seed + " (rerun with -Dphiljs.stress.seed=" + this.seed + ")";
	}

	private long deadline() {
		return System.nanoTime() + RUN_NANOS;
	}

	/**
	 * Creates nodes owned by the test's root, so that they are disposed after the test.
	 */
	private <T> T inRoot(Supplier<T> body) {
		return Reactive.runWithOwner(this.rootOwner, body);
	}

	/** Now and then yields or spins, to shake up the interleavings. */
	private static void maybeJitter(Random random, int oneIn) {
		if (random.nextInt(oneIn) != 0) {
			return;
		}
		if (random.nextBoolean()) {
			Thread.yield();
		}
		else {
			for (int spin = random.nextInt(200); spin > 0; spin--) {
				Thread.onSpinWait();
			}
		}
	}

	/** Waits until every task submitted to a single-thread executor so far has run. */
	private static void drain(ExecutorService executor) throws Exception {
		executor.submit(() -> {
		}).get(10, TimeUnit.SECONDS);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void close(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Collects invariant violations seen on any thread (the first few, with their count).
	 */
	private static final class Violations {

		private final Queue<String> first = new ConcurrentLinkedQueue<>();

		private final LongAdder count = new LongAdder();

		void check(boolean holds, Supplier<String> message) {
			if (holds) {
				return;
			}
			this.count.increment();
			if (this.first.size() < 10) {
				this.first.add(Thread.currentThread().getName() + ": " + message.get());
			}
		}

		void assertNone(String seedInfo) {
			assertThat(this.first).as(seedInfo + ": " + this.count.sum() + " invariant violation(s)").isEmpty();
		}

	}

}
