package dev.philjs.spring.json;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.philjs.core.persist.InMemoryStateStorage;
import dev.philjs.core.persist.PersistOptions;
import dev.philjs.core.persist.Persistence;
import dev.philjs.core.persist.PersistentSignal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Jackson codec round-trips records and generic types, rejects bad text, and plugs
 * into persistent signals.
 */
class JacksonCodecTests {

	record Settings(String theme, int fontSize) {
	}

	private final StoreJson json = new StoreJson(JsonMapper.builder().build());

	@Test
	void roundTripsARecord() {
		JacksonCodec<Settings> codec = this.json.codec(Settings.class);
		String text = codec.encode(new Settings("dark", 14));
		assertThat(codec.decode(text)).isEqualTo(new Settings("dark", 14));
	}

	@Test
	void roundTripsAGenericList() {
		JacksonCodec<List<Settings>> codec = this.json.codec(new ParameterizedTypeReference<List<Settings>>() {
		}.getType());
		List<Settings> value = List.of(new Settings("a", 1), new Settings("b", 2));
		assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
	}

	@Test
	void badTextIsAnIllegalArgument() {
		JacksonCodec<Settings> codec = this.json.codec(Settings.class);
		assertThatIllegalArgumentException().isThrownBy(() -> codec.decode("{not json"))
			.withMessageContaining("Not a JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> codec.decode("null"));
		assertThatIllegalArgumentException().isThrownBy(() -> codec.decode("{\"fontSize\":\"big\"}"));
	}

	@Test
	void persistsASignalAsJson() throws Exception {
		InMemoryStateStorage storage = new InMemoryStateStorage();
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		try {
			PersistOptions<Settings> options = PersistOptions
				.builder("settings", storage, this.json.codec(Settings.class))
				.debounce(Duration.ZERO)
				.scheduler(scheduler)
				.build();
			PersistentSignal<Settings> settings = Persistence.persistentSignal(new Settings("light", 12), options);
			settings.set(new Settings("dark", 16));
			settings.close();
			assertThat(storage.get("settings")).hasValue("{\"theme\":\"dark\",\"fontSize\":16}");
			PersistentSignal<Settings> again = Persistence.persistentSignal(new Settings("light", 12), options);
			assertThat(again.get()).isEqualTo(new Settings("dark", 16));
			again.close();
		}
		finally {
			scheduler.shutdownNow();
		}
	}

}
