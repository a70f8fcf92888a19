package dev.philjs.core.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.philjs.core.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listeners of a channel: per key, each registration its own, closing one removes
 * only it.
 */
class ChannelListenersTests {

	@Test
	void listenerRegisteredTwiceIsCalledTwiceAndClosingOneRegistrationKeepsTheOther() {
		ChannelListeners listeners = new ChannelListeners();
		List<Change> seen = new ArrayList<>();
		Consumer<Change> listener = seen::add;
		Subscription first = listeners.subscribe("a", listener);
		Subscription second = listeners.subscribe("a", listener);
		Change change = new Change("a", 1, "x", "1");

		listeners.forEach("a", (l) -> l.accept(change));
		assertThat(seen).containsExactly(change, change);

		first.close();
		assertThat(first.isActive()).isFalse();
		assertThat(second.isActive()).isTrue();
		listeners.forEach("a", (l) -> l.accept(change));
		assertThat(seen).hasSize(3);
		listeners.forEach("b", (l) -> l.accept(change));
		assertThat(seen).hasSize(3);
		assertThat(listeners.keys()).containsExactly("a");
	}

}
