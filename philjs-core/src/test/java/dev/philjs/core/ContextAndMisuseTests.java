package dev.philjs.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.createContext;
import static dev.philjs.core.Reactive.createRoot;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.getOwner;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.named;
import static dev.philjs.core.Reactive.onCleanup;
import static dev.philjs.core.Reactive.runWithOwner;
import static dev.philjs.core.Reactive.signal;
import static dev.philjs.core.Reactive.untrack;
import static dev.philjs.core.Reactive.useContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Context lookup along the ownership tree (also on later re-runs and from other threads),
 * and the error messages for misuse: cycles naming their nodes, onCleanup without an
 * owner, creation under a disposed root.
 */
class ContextAndMisuseTests {

	private int savedLimit;

	private ExecutorService otherThread;

	@BeforeEach
	void setUp() {
		this.savedLimit = Reactive.flushPassLimit();
		this.otherThread = Executors.newSingleThreadExecutor((r) -> new Thread(r, "other"));
	}

	@AfterEach
	void tearDown() {
		Reactive.setFlushPassLimit(this.savedLimit);
		this.otherThread.shutdownNow();
	}

	private <T> T onOtherThread(java.util.concurrent.Callable<T> task) throws Exception {
		return this.otherThread.submit(task).get(10, TimeUnit.SECONDS);
	}

	// ------------------------------------------------------------------ context

	@Test
	@DisplayName("a context gives its default outside any provider, also after a provider returned")
	void contextGivesDefaultOutsideProviders() {
		Context<String> ctx = createContext("theme", "light");
		assertThat(useContext(ctx)).isEqualTo("light");
		assertThat(ctx.defaultValue()).isEqualTo("light");
		String inside = ctx.provide("dark", () -> useContext(ctx));
		assertThat(inside).isEqualTo("dark");
		assertThat(useContext(ctx)).isEqualTo("light");
		List<String> seen = new ArrayList<>();
		effect(() -> seen.add(useContext(ctx)));
		assertThat(seen).containsExactly("light");
	}

	@Test
	@DisplayName("a provider on one thread does not leak to another thread")
	void providerDoesNotLeakToOtherThreads() throws Exception {
		Context<String> ctx = createContext("user", "anonymous");
		String seenElsewhere = ctx.provide("alice", () -> {
			try {
				return onOtherThread(() -> useContext(ctx));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(seenElsewhere).isEqualTo("anonymous");
	}

	@Test
	@DisplayName("an effect created under a provider sees the value on later re-runs")
	void effectSeesProvidedValueOnReRuns() {
		Context<String> ctx = createContext("user", "anonymous");
		Signal<Integer> a = signal(0);
		List<String> seen = new ArrayList<>();
		Effect e = ctx.provide("alice", () -> effect(() -> seen.add(useContext(ctx) + ":" + a.get())));
		a.set(1);
		a.set(2);
		assertThat(seen).containsExactly("alice:0", "alice:1", "alice:2");
		e.dispose();
	}

	@Test
	@DisplayName("an effect created under a provider sees the value when another thread triggers its re-run")
	void effectSeesProvidedValueWhenReRunFromAnotherThread() throws Exception {
		Context<String> ctx = createContext("user", "anonymous");
		Signal<Integer> a = signal(0);
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		Effect e = ctx.provide("alice",
				() -> effect(() -> seen.add(useContext(ctx) + ":" + a.get() + "@" + Thread.currentThread().getName())));
		onOtherThread(() -> {
			a.set(1);
			return null;
		});
		assertThat(seen).containsExactly("alice:0@" + Thread.currentThread().getName(), "alice:1@other");
		e.dispose();
	}

	@Test
	@DisplayName("a memo created under a provider sees the value when recomputed outside it")
	void memoSeesProvidedValueWhenRecomputedOutsideProvider() throws Exception {
		Context<String> ctx = createContext("tenant", "none");
		Signal<Integer> a = signal(0);
		Memo<String> m = ctx.provide("acme", () -> memo(() -> useContext(ctx) + a.get()));
		assertThat(m.get()).isEqualTo("acme0");
		a.set(1);
		assertThat(m.get()).isEqualTo("acme1");
		a.set(2);
		assertThat(onOtherThread(m::get)).isEqualTo("acme2");
	}

	@Test
	@DisplayName("nested providers: the nearest one wins, the outer one is back after the inner body")
	void nestedProvidersNearestWins() {
		Context<String> ctx = createContext("level", "default");
		Signal<Integer> a = signal(0);
		List<String> seen = new ArrayList<>();
		ctx.provide("outer", () -> {
			effect(() -> seen.add("A=" + useContext(ctx) + a.get()));
			ctx.provide("inner", () -> {
				effect(() -> seen.add("B=" + useContext(ctx) + a.get()));
			});
			effect(() -> seen.add("C=" + useContext(ctx) + a.get()));
		});
		assertThat(seen).containsExactly("A=outer0", "B=inner0", "C=outer0");
		seen.clear();
		a.set(1);
		assertThat(seen).containsExactly("A=outer1", "B=inner1", "C=outer1");
	}

	@Test
	@DisplayName("an inner provider of another context keeps the outer context visible")
	void innerProviderOfAnotherContextKeepsOuterVisible() {
		Context<String> user = createContext("user", "anonymous");
		Context<String> locale = createContext("locale", "en");
		String seen = user.provide("alice",
				() -> locale.provide("fr", () -> useContext(user) + "/" + useContext(locale)));
		assertThat(seen).isEqualTo("alice/fr");
	}

	@Test
	@DisplayName("Reactive.provide binds several contexts at once, also for later re-runs")
	void provideBindsSeveralContexts() {
		Context<String> user = createContext("user", "anonymous");
		Context<Integer> limit = createContext("limit", 0);
		Context<String> untouched = createContext("untouched", "default");
		Signal<Integer> a = signal(0);
		List<String> seen = new ArrayList<>();
		Effect e = Reactive.provide(List.of(user.bind("bob"), limit.bind(42)), () -> effect(() -> seen
			.add(useContext(user) + "," + useContext(limit) + "," + useContext(untouched) + "," + a.get())));
		a.set(1);
		assertThat(seen).containsExactly("bob,42,default,0", "bob,42,default,1");
		assertThat(useContext(user)).isEqualTo("anonymous");
		assertThat(useContext(limit)).isZero();
		e.dispose();
	}

	@Test
	@DisplayName("an effect created inside a provider inside a root is disposed with the root")
	void providerInsideRootKeepsOwnership() {
		Context<String> ctx = createContext("ctx", "default");
		Signal<Integer> a = signal(0);
		AtomicInteger runs = new AtomicInteger();
		Disposable root = createRoot((r) -> {
			ctx.provide("value", () -> {
				effect(() -> {
					a.get();
					runs.incrementAndGet();
				});
			});
			return r;
		});
		a.set(1);
		assertThat(runs).hasValue(2);
		root.dispose();
		a.set(2);
		assertThat(runs).hasValue(2);
	}

	// ------------------------------------------------------------------ misuse

	@Test
	@DisplayName("a memo reading itself throws CycleDetectedException naming the memo")
	void memoCycleMessageNamesTheMemo() {
		AtomicReference<Memo<Integer>> self = new AtomicReference<>();
		Memo<Integer> m = named("cartTotal").memo(() -> self.get().get() + 1);
		self.set(m);
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(m::get)
			.withMessageContaining("cartTotal")
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	@DisplayName("a runaway effect loop throws CycleDetectedException naming the effects")
	void effectLoopMessageNamesTheEffects() {
		Reactive.setFlushPassLimit(10);
		Signal<Integer> a = signal(0);
		Signal<Integer> b = signal(0);
		Effect ping = named("ping").effect(() -> {
			int v = a.get();
			if (v > 0) {
				b.set(v + 1);
			}
		});
		Effect pong = named("pong").effect(() -> {
			int v = b.get();
			if (v > 0) {
				a.set(v + 1);
			}
		});
		assertThat(ping.name()).isEqualTo("ping");
		assertThatExceptionOfType(CycleDetectedException.class).isThrownBy(() -> a.set(1))
			.withMessageContaining("10")
			.satisfies((ex) -> assertThat(ex.getMessage()).containsAnyOf("ping", "pong"));
		ping.dispose();
		pong.dispose();
	}

	@Test
	@DisplayName("the flush-pass limit must be at least 1")
	void flushPassLimitMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Reactive.setFlushPassLimit(0));
		assertThat(Reactive.flushPassLimit()).isEqualTo(this.savedLimit);
	}

	@Test
	@DisplayName("onCleanup outside any owner throws IllegalStateException")
	void onCleanupOutsideOwnerThrows() {
		assertThat(getOwner()).isNull();
		assertThatIllegalStateException().isThrownBy(() -> onCleanup(() -> {
		})).withMessageContaining("onCleanup");
		assertThatIllegalStateException().isThrownBy(() -> untrack(() -> {
			onCleanup(() -> {
			});
			return null;
		}));
	}

	@Test
	@DisplayName("creating an effect under a disposed root throws IllegalStateException naming the root")
	void effectUnderDisposedRootThrows() {
		AtomicReference<Owner> owner = new AtomicReference<>();
		Disposable root = named("sessionRoot").createRoot((r) -> {
			owner.set(getOwner());
			return r;
		});
		assertThat(owner.get().name()).isEqualTo("sessionRoot");
		root.dispose();
		AtomicInteger runs = new AtomicInteger();
		assertThatIllegalStateException()
			.isThrownBy(() -> runWithOwner(owner.get(), () -> effect(runs::incrementAndGet)))
			.withMessageContaining("sessionRoot");
		assertThat(runs).hasValue(0);
	}

	@Test
	@DisplayName("creating a memo under a disposed root throws IllegalStateException naming the root")
	void memoUnderDisposedRootThrows() {
		AtomicReference<Owner> owner = new AtomicReference<>();
		Disposable root = named("requestRoot").createRoot((r) -> {
			owner.set(getOwner());
			return r;
		});
		root.dispose();
		assertThatIllegalStateException().isThrownBy(() -> runWithOwner(owner.get(), () -> memo(() -> 1)))
			.withMessageContaining("requestRoot");
	}

	@Test
	@DisplayName("onCleanup on a disposed root throws IllegalStateException naming the root")
	void onCleanupOnDisposedRootThrows() {
		AtomicReference<Owner> owner = new AtomicReference<>();
		Disposable root = named("oldRoot").createRoot((r) -> {
			owner.set(getOwner());
			return r;
		});
		root.dispose();
		assertThatIllegalStateException().isThrownBy(() -> runWithOwner(owner.get(), () -> {
			onCleanup(() -> {
			});
			return null;
		})).withMessageContaining("oldRoot");
	}

}
