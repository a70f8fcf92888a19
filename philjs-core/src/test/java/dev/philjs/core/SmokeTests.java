package dev.philjs.core;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.philjs.core.Reactive.batch;
import static dev.philjs.core.Reactive.effect;
import static dev.philjs.core.Reactive.memo;
import static dev.philjs.core.Reactive.signal;
import static org.assertj.core.api.Assertions.assertThat;

class SmokeTests {

	@Test
	void diamondRunsEffectOnce() {
		Signal<Integer> a = signal(1);
		Memo<Integer> b = memo(() -> a.get() + 1);
		Memo<Integer> c = memo(() -> a.get() * 2);
		int[] nd = { 0 };
		Memo<Integer> d = memo(() -> {
			nd[0]++;
			return b.get() + c.get();
		});
		List<Integer> log = new ArrayList<>();
		Effect e = effect(() -> log.add(d.get()));
		a.set(2);
		assertThat(log).containsExactly(4, 7);
		assertThat(nd[0]).isEqualTo(2);
		batch(() -> {
			a.set(5);
			a.set(2);
		});
		assertThat(log).containsExactly(4, 7);
		assertThat(nd[0]).isEqualTo(2);
		e.dispose();
		a.set(3);
		assertThat(log).containsExactly(4, 7);
		assertThat(d.get()).isEqualTo(10);
	}

}
