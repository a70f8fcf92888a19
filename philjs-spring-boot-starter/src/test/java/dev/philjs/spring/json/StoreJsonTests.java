package dev.philjs.spring.json;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON text {@link StoreJson} writes.
 */
class StoreJsonTests {

	private final StoreJson json = new StoreJson(JsonMapper.builder().build());

	@Test
	void unpairedSurrogateIsWrittenAsAnEscapeSoTheTextEncodesToUtf8() {
		String text = this.json.write(Map.of("text", "a\uD800b"));
		assertThat(text).isEqualTo("{\"text\":\"a\\ud800b\"}");
		assertThat(this.json.parse(text).get("text").asString()).isEqualTo("a\uD800b");
	}

	@Test
	void pairedSurrogatesAreEscapedAndReadBackAsTheSameCharacter() {
		String text = this.json.write("\uD83D\uDE00 é");
		assertThat(text).isEqualTo("\"\\ud83d\\ude00 é\"");
		assertThat(this.json.parse(text).asString()).isEqualTo("\uD83D\uDE00 é");
	}

	@Test
	void asciiIsEscapedAsStandardJson() {
		assertThat(this.json.write("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
	}

}
