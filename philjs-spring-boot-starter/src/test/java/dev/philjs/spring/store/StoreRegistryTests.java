package dev.philjs.spring.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.philjs.core.Memo;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The store registry: discovery of {@link PhilStore} beans, scopes, versions, buffered
 * changes and conflated delivery.
 */
class StoreRegistryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsAutoConfiguration.class))
		.withUserConfiguration(Stores.class);

	@Test
	void discoversStoresWithTheirSignalsActionsAndScopes() {
		this.runner.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			assertThat(registry.definitions()).containsOnlyKeys("counter", "cart");
			StoreDefinition counter = registry.definition("counter");
			assertThat(counter.scope()).isEqualTo(StoreScope.APPLICATION);
			assertThat(counter.signals()).containsOnlyKeys("count", "doubled", "label");
			assertThat(counter.signal("count").writable()).isFalse();
			assertThat(counter.signal("label").writable()).isTrue();
			assertThat(counter.actions()).containsOnlyKeys("increment", "add");
			assertThat(registry.definition("cart").scope()).isEqualTo(StoreScope.SESSION);
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> registry.definition("nope"))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.UNKNOWN_STORE));
		});
	}

	@Test
	void sessionStoresAreOnePerSessionAndDisposedWithIt() {
		this.runner.run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			StoreInstance a = registry.instance("cart", key("s1"));
			StoreInstance again = registry.instance("cart", key("s1"));
			StoreInstance b = registry.instance("cart", key("s2"));
			assertThat(a).isSameAs(again);
			assertThat(a.target()).isNotSameAs(b.target());
			CartStore cart = (CartStore) a.target();
			cart.items.set(List.of("pen"));
			assertThat(((CartStore) b.target()).items.get()).isEmpty();
			registry.endSession("s1");
			assertThat(a.isDisposed()).isTrue();
			assertThat(cart.isDisposed()).isTrue();
			assertThat(b.isDisposed()).isFalse();
			assertThatExceptionOfType(StoreException.class).as("an ended session is not revived")
				.isThrownBy(() -> registry.instance("cart", key("s1")))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.BAD_REQUEST));
			assertThatExceptionOfType(StoreException.class)
				.isThrownBy(() -> registry.instance("cart", StoreScopeKey.NONE))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.BAD_REQUEST));
		});
	}

	@Test
	void versionsCountChangesAndBufferKeepsTheRecentOnes() {
		this.runner.withPropertyValues("philjs.stores.buffer-size=3").run((context) -> {
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			StoreInstance instance = registry.instance("counter", StoreScopeKey.NONE);
			CounterStore counter = (CounterStore) instance.target();
			long v1 = instance.version();
			assertThat(instance.snapshot().values()).containsEntry("count", 0).containsEntry("doubled", 0);
			counter.increment();
			assertThat(instance.version()).isEqualTo(v1 + 1);
			List<StoreChange> changes = instance.changesSince(v1);
			assertThat(changes).hasSize(1);
			assertThat(changes.get(0).values()).containsOnlyKeys("count", "doubled");
			counter.label.set("x");
			counter.label.set("x");
			assertThat(instance.version()).isEqualTo(v1 + 2);
			counter.increment();
			counter.increment();
			assertThat(instance.version()).isEqualTo(v1 + 4);
			assertThat(instance.changesSince(v1)).as("out of the buffer").isNull();
			assertThat(instance.changesSince(v1 + 1)).extracting(StoreChange::version)
				.containsExactly(v1 + 2, v1 + 3, v1 + 4);
			assertThat(instance.changesSince(v1 + 3)).extracting(StoreChange::version).containsExactly(v1 + 4);
			assertThat(instance.changesSince(v1 + 4)).isEmpty();
			assertThat(instance.changesSince(v1 + 99)).as("a version it never had").isNull();
			assertThat(instance.changesSince(1)).as("a version of an earlier run").isNull();
		});
	}

	@Test
	void instancesOfOneStoreHaveUnrelatedVersions() {
		// two servers started together, as behind a load balancer: a client that fails
		// over from one to the other must get a snapshot, never a resume
		this.runner.run((first) -> this.runner.run((second) -> {
			StoreInstance a = first.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			StoreInstance b = second.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			((CounterStore) a.target()).increment();
			((CounterStore) b.target()).increment();
			assertThat(b.version()).isNotEqualTo(a.version());
			assertThat(b.changesSince(a.version())).as("the current version of the other server").isNull();
			assertThat(b.changesSince(a.version() - 1)).as("a version the other server buffers").isNull();
			assertThat(a.changesSince(b.version() - 1)).isNull();
			StoreRegistry registry = first.getBean(StoreRegistry.class);
			StoreInstance one = registry.instance("cart", key("one"));
			StoreInstance two = registry.instance("cart", key("two"));
			assertThat(two.changesSince(one.version())).as("another session's version").isNull();
			assertThat(a.version()).isBetween(1L << 32, (1L << 53) - 1);
		}));
	}

	@Test
	void writeWithExpectedVersionIsCompareAndSet() {
		this.runner.run((context) -> {
			StoreInstance instance = context.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			SignalDefinition label = instance.definition().signal("label");
			long v1 = instance.version();
			long v2 = instance.set(label, "a", v1);
			assertThat(v2).isEqualTo(v1 + 1);
			assertThatExceptionOfType(StoreException.class).isThrownBy(() -> instance.set(label, "b", v1))
				.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.VERSION_CONFLICT));
			assertThat(((CounterStore) instance.target()).label.get()).isEqualTo("a");
			assertThat(instance.set(label, "a", v2)).as("an equal value changes nothing").isEqualTo(v2);
		});
	}

	@Test
	void subscriberGetsSnapshotThenChangesInOrder() {
		this.runner.run((context) -> {
			StoreInstance instance = context.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			CounterStore counter = (CounterStore) instance.target();
			RecordingListener listener = new RecordingListener(null);
			instance.subscribe(listener, null);
			await().until(() -> listener.versions.size() == 1);
			for (int i = 0; i < 20; i++) {
				counter.increment();
			}
			long last = instance.version();
			await().until(() -> listener.versions.get(listener.versions.size() - 1) == last);
			assertThat(listener.versions).isSorted().doesNotHaveDuplicates();
			assertThat(listener.snapshots).isEqualTo(1);
		});
	}

	@Test
	void slowSubscriberIsConflatedAndNeverBlocksWriters() throws Exception {
		this.runner.withPropertyValues("philjs.stores.buffer-size=4").run((context) -> {
			StoreInstance instance = context.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			CounterStore counter = (CounterStore) instance.target();
			CountDownLatch release = new CountDownLatch(1);
			RecordingListener slow = new RecordingListener(release);
			instance.subscribe(slow, null);
			// the slow subscriber is held in its first delivery while the writes happen
			assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
			RecordingListener fast = new RecordingListener(null);
			instance.subscribe(fast, null);
			for (int i = 0; i < 1000; i++) {
				counter.increment();
			}
			long last = instance.version();
			await().until(() -> fast.lastVersion() == last);
			release.countDown();
			await().until(() -> slow.lastVersion() == last);
			assertThat(slow.snapshots).as("fell out of the buffer, got a fresh snapshot").isGreaterThanOrEqualTo(2);
			assertThat(slow.versions.size()).isLessThan(100);
			assertThat(instance.conflatedCount()).isPositive();
		});
	}

	@Test
	void nonBlockingSubscribersAreDrainedBySlicesOfTheFanOutAndABlockingOneHoldsOnlyItself() throws Exception {
		this.runner.withPropertyValues("philjs.stores.delivery-threads=2").run((context) -> {
			StoreInstance instance = context.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			CounterStore counter = (CounterStore) instance.target();
			long first = instance.version();
			CountDownLatch release = new CountDownLatch(1);
			RecordingListener blocking = new RecordingListener(release);
			instance.subscribe(blocking, null);
			assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
			// more than two slices of the fan-out, with one delivery thread held
			List<RecordingListener> direct = new ArrayList<>();
			for (int i = 0; i < 600; i++) {
				RecordingListener listener = new RecordingListener(null, true);
				direct.add(listener);
				instance.subscribe(listener, first);
			}
			for (int i = 0; i < 5; i++) {
				counter.increment();
			}
			long last = instance.version();
			await().until(() -> direct.stream().allMatch((listener) -> listener.lastVersion() == last));
			for (RecordingListener listener : direct) {
				assertThat(listener.versions).containsExactly(first + 1, first + 2, first + 3, first + 4, first + 5);
				assertThat(listener.snapshots).isZero();
			}
			assertThat(blocking.versions).as("still held in its first delivery").isEmpty();
			release.countDown();
			await().until(() -> blocking.lastVersion() == last);
		});
	}

	@Test
	void resumeFromABufferedVersionSendsOnlyTheMissedChanges() {
		this.runner.run((context) -> {
			StoreInstance instance = context.getBean(StoreRegistry.class).instance("counter", StoreScopeKey.NONE);
			CounterStore counter = (CounterStore) instance.target();
			long v1 = instance.version();
			counter.increment();
			counter.increment();
			RecordingListener listener = new RecordingListener(null);
			instance.subscribe(listener, v1 + 1);
			await().until(() -> listener.lastVersion() == v1 + 2);
			assertThat(listener.snapshots).isZero();
			assertThat(listener.versions).containsExactly(v1 + 2);
		});
	}

	private static StoreScopeKey key(String session) {
		return StoreScopeKey.ofSession(session);
	}

	static final class RecordingListener implements StoreListener {

		final List<Long> versions = new CopyOnWriteArrayList<>();

		volatile int snapshots;

		final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch gate;

		private final boolean nonBlocking;

		RecordingListener(CountDownLatch gate) {
			this(gate, false);
		}

		RecordingListener(CountDownLatch gate, boolean nonBlocking) {
			this.gate = gate;
			this.nonBlocking = nonBlocking;
		}

		@Override
		public boolean nonBlocking() {
			return this.nonBlocking;
		}

		long lastVersion() {
			return this.versions.isEmpty() ? -1 : this.versions.get(this.versions.size() - 1);
		}

		@Override
		public void onSnapshot(StoreSnapshot snapshot) throws Exception {
			await();
			this.snapshots++;
			this.versions.add(snapshot.version());
		}

		@Override
		public void onChanges(List<StoreChange> changes) throws Exception {
			await();
			for (StoreChange change : changes) {
				this.versions.add(change.version());
			}
		}

		private void await() throws InterruptedException {
			this.entered.countDown();
			if (this.gate != null) {
				this.gate.await(30, TimeUnit.SECONDS);
			}
		}

	}

	@Import({ CounterStore.class, CartStore.class })
	static class Stores {

	}

	@PhilStore("counter")
	static class CounterStore extends Store {

		final Signal<Integer> count = signal("count", 0);

		final Memo<Integer> doubled = memo("doubled", () -> this.count.get() * 2);

		@Writable
		final Signal<String> label = signal("label", "");

		@Hidden
		final Signal<String> secret = signal("secret", "s");

		@Action
		public int increment() {
			return this.count.update((c) -> c + 1);
		}

		@Action
		public int add(int amount) {
			return this.count.update((c) -> c + amount);
		}

	}

	@PhilStore(name = "cart", scope = StoreScope.SESSION)
	static class CartStore extends Store {

		final Signal<List<String>> items = signal("items", List.of());

	}

}
