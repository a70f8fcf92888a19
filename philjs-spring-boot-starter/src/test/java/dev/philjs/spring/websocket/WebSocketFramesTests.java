package dev.philjs.spring.websocket;

import dev.philjs.spring.json.StoreJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Encoding of the frames the server sends.
 */
class WebSocketFramesTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final WebSocketFrames frames = new WebSocketFrames(new StoreJson(this.mapper));

	@Test
	void typePrependsTheTypeToAnEncodedObject() {
		assertThat(WebSocketFrames.typed("change", "{\"store\":\"s\",\"version\":2}"))
			.isEqualTo("{\"type\":\"change\",\"store\":\"s\",\"version\":2}");
		assertThat(WebSocketFrames.typed("snapshot", "{ \"a\":1}")).isEqualTo("{\"type\":\"snapshot\",\"a\":1}");
		assertThat(WebSocketFrames.typed("x", "{}")).isEqualTo("{\"type\":\"x\"}");
		assertThat(WebSocketFrames.typed("x", "{ }")).isEqualTo("{\"type\":\"x\"}");
		assertThatIllegalArgumentException().isThrownBy(() -> WebSocketFrames.typed("x", "[1]"));
	}

	@Test
	void repliesEchoTheIdAsSent() {
		assertThat(this.mapper.readTree(this.frames.result(JsonNodeFactory.instance.numberNode(7), "ok", 3L)))
			.isEqualTo(this.mapper.readTree("{\"type\":\"result\",\"id\":7,\"result\":\"ok\",\"version\":3}"));
		assertThat(this.mapper.readTree(this.frames.error(null, "malformed", "bad"))).isEqualTo(
				this.mapper.readTree("{\"type\":\"error\",\"id\":null,\"error\":\"malformed\",\"message\":\"bad\"}"));
		assertThat(this.mapper.readTree(this.frames.pong(JsonNodeFactory.instance.stringNode("p"))))
			.isEqualTo(this.mapper.readTree("{\"type\":\"pong\",\"id\":\"p\"}"));
	}

}
