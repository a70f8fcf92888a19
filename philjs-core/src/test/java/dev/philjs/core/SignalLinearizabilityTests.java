package dev.philjs.core;

import java.util.concurrent.atomic.AtomicInteger;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks with Lincheck (model checking and stress) that signal operations and batches are
 * linearizable against plain sequential specifications (C2, C3, C4).
 */
class SignalLinearizabilityTests {

	@Test
	@DisplayName("C2 signal set/get/update are linearizable (model checking)")
	void C2_signalOperationsAreLinearizableUnderModelChecking() {
		LinChecker.check(SignalOperations.class, modelChecking().sequentialSpecification(SignalSpecification.class));
	}

	@Test
	@DisplayName("C2 signal set/get/update are linearizable (stress)")
	void C2_signalOperationsAreLinearizableUnderStress() {
		LinChecker.check(SignalOperations.class, stress().sequentialSpecification(SignalSpecification.class));
	}

	@Test
	@DisplayName("C3 batches over two signals are atomic (model checking)")
	void C3_batchesAreAtomicUnderModelChecking() {
		LinChecker.check(BatchOperations.class, modelChecking().sequentialSpecification(BatchSpecification.class));
	}

	@Test
	@DisplayName("C3 batches over two signals are atomic (stress)")
	void C3_batchesAreAtomicUnderStress() {
		LinChecker.check(BatchOperations.class, stress().sequentialSpecification(BatchSpecification.class));
	}

	/**
	 * Small by default to keep CI fast (Lincheck's scheduler spins, so each extra thread
	 * costs a lot on a busy machine); raise with {@code -Dphiljs.lincheck.iterations} and
	 * {@code -Dphiljs.lincheck.invocations} for a deeper local run.
	 */
	private static ModelCheckingOptions modelChecking() {
		return new ModelCheckingOptions().iterations(iterations())
			.invocationsPerIteration(invocations())
			.threads(2)
			.actorsPerThread(3)
			.actorsBefore(1)
			.actorsAfter(1);
	}

	private static StressOptions stress() {
		return new StressOptions().iterations(iterations())
			.invocationsPerIteration(10 * invocations())
			.threads(3)
			.actorsPerThread(2)
			.actorsBefore(1)
			.actorsAfter(1);
	}

	private static int iterations() {
		return Integer.getInteger("philjs.lincheck.iterations", 8);
	}

	private static int invocations() {
		return Integer.getInteger("philjs.lincheck.invocations", 60);
	}

	/**
	 * One signal with a memo and an effect over it; every operation is a public API call.
	 */
	@Param(name = "value", gen = IntGen.class, conf = "0:3")
	public static class SignalOperations {

		private final Signal<Integer> signal = Reactive.signal(0);

		private final Memo<Integer> doubled = Reactive.memo(() -> this.signal.get() * 2);

		private final AtomicInteger seenByEffect = new AtomicInteger();

		public SignalOperations() {
			Reactive.effect(() -> this.seenByEffect.set(this.signal.get()));
		}

		@Operation
		public void set(@Param(name = "value") int value) {
			this.signal.set(value);
		}

		@Operation
		public int get() {
			return this.signal.get();
		}

		@Operation
		public int peek() {
			return this.signal.peek();
		}

		@Operation
		public int increment() {
			return this.signal.update((x) -> x + 1);
		}

		@Operation
		public int twice() {
			return this.signal.update((x) -> x * 2);
		}

		@Operation
		public int doubled() {
			return this.doubled.get();
		}

		/** The effect has run with the latest write when that write returned (C4). */
		@Operation
		public int seenByEffect() {
			return this.seenByEffect.get();
		}

	}

	/** The sequential specification of {@link SignalOperations}. */
	public static class SignalSpecification {

		private int value;

		public void set(int value) {
			this.value = value;
		}

		public int get() {
			return this.value;
		}

		public int peek() {
			return this.value;
		}

		public int increment() {
			return ++this.value;
		}

		public int twice() {
			this.value *= 2;
			return this.value;
		}

		public int doubled() {
			return this.value * 2;
		}

		public int seenByEffect() {
			return this.value;
		}

	}

	/**
	 * Two pairs of signals written together in batches: {@code a} and {@code b} are
	 * always equal, {@code x + y} is always 10. Readers see them through batches and
	 * memos.
	 */
	@Param(name = "amount", gen = IntGen.class, conf = "1:3")
	public static class BatchOperations {

		private final Signal<Integer> a = Reactive.signal(0);

		private final Signal<Integer> b = Reactive.signal(0);

		private final Signal<Integer> x = Reactive.signal(10);

		private final Signal<Integer> y = Reactive.signal(0);

		private final Memo<String> pair = Reactive.memo(() -> this.a.get() + "," + this.b.get());

		private final Memo<Integer> sum = Reactive.memo(() -> this.x.get() + this.y.get());

		@Operation
		public void setBoth(@Param(name = "amount") int value) {
			Reactive.batch(() -> {
				this.a.set(value);
				this.b.set(value);
			});
		}

		@Operation
		public int incrementBoth() {
			return Reactive.batch(() -> {
				this.a.update((v) -> v + 1);
				return this.b.update((v) -> v + 1);
			});
		}

		@Operation
		public String readBoth() {
			return Reactive.batch(() -> this.a.get() + "," + this.b.get());
		}

		@Operation
		public String pair() {
			return this.pair.get();
		}

		@Operation
		public int transfer(@Param(name = "amount") int amount) {
			return Reactive.batch(() -> {
				this.x.update((v) -> v - amount);
				return this.y.update((v) -> v + amount);
			});
		}

		@Operation
		public String readTransfer() {
			return Reactive.batch(() -> this.x.get() + "," + this.y.get());
		}

		@Operation
		public int sum() {
			return this.sum.get();
		}

	}

	/** The sequential specification of {@link BatchOperations}. */
	public static class BatchSpecification {

		private int a;

		private int b;

		private int x = 10;

		private int y;

		public void setBoth(int value) {
			this.a = value;
			this.b = value;
		}

		public int incrementBoth() {
			this.a++;
			return ++this.b;
		}

		public String readBoth() {
			return this.a + "," + this.b;
		}

		public String pair() {
			return this.a + "," + this.b;
		}

		public int transfer(int amount) {
			this.x -= amount;
			this.y += amount;
			return this.y;
		}

		public String readTransfer() {
			return this.x + "," + this.y;
		}

		public int sum() {
			return this.x + this.y;
		}

	}

}
