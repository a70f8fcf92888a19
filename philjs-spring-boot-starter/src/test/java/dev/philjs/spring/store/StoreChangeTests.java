package dev.philjs.spring.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change is encoded and framed once, however many clients it is sent to.
 */
class StoreChangeTests {

	@Test
	void framedFormIsComputedOnceAndShared() {
		StoreChange change = new StoreChange("counter", 7, Map.of("count", 3));
		AtomicInteger calls = new AtomicInteger();
		byte[] first = change.framed((c) -> {
			calls.incrementAndGet();
			return ("id:" + c.version() + "\n\n").getBytes(StandardCharsets.UTF_8);
		});
		byte[] second = change.framed((c) -> {
			calls.incrementAndGet();
			return new byte[0];
		});
		assertThat(second).isSameAs(first);
		assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("id:7\n\n");
		assertThat(calls).hasValue(1);
	}

	@Test
	void framedTextIsComputedOnceAndShared() {
		StoreChange change = new StoreChange("counter", 9, Map.of("count", 5));
		AtomicInteger calls = new AtomicInteger();
		String first = change.framedText((c) -> {
			calls.incrementAndGet();
			return "{\"type\":\"change\",\"version\":" + c.version() + "}";
		});
		assertThat(change.framedText((c) -> "other")).isSameAs(first);
		assertThat(first).isEqualTo("{\"type\":\"change\",\"version\":9}");
		assertThat(calls).hasValue(1);
	}

	@Test
	void encodedFormIsComputedOnceAndShared() {
		StoreChange change = new StoreChange("counter", 8, Map.of("count", 4));
		AtomicInteger calls = new AtomicInteger();
		String first = change.encoded((c) -> {
			calls.incrementAndGet();
			return "{\"version\":" + c.version() + "}";
		});
		assertThat(change.<String>encoded((c) -> "other")).isSameAs(first);
		assertThat(calls).hasValue(1);
	}

}
