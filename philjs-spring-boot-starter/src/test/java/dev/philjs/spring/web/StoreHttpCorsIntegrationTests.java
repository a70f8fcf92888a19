package dev.philjs.spring.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-origin use of the HTTP API with {@code philjs.web.allowed-origins}: allowed
 * origins get CORS answers and may write, others may not.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "philjs.web.allowed-origins=https://app.example")
class StoreHttpCorsIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebTestApplication.CounterStore counter;

	TestHttp http;

	@BeforeEach
	void client() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void preflightFromAnAllowedOriginIsAnswered() throws Exception {
		HttpResponse<String> response = this.http.send(this.http.request("/philjs/stores/counter/signals/label")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://app.example")
			.header("Access-Control-Request-Method", "PUT")
			.header("Access-Control-Request-Headers", "content-type, if-match"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValueSatisfying((methods) -> assertThat(methods).contains("PUT"));
	}

	@Test
	void allowedOriginMayWriteAndReadsTheETag() throws Exception {
		HttpResponse<String> response = this.http.put("/philjs/stores/counter/signals/label", "\"cors\"", "Origin",
				"https://app.example");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
		assertThat(response.headers().firstValue("Access-Control-Expose-Headers"))
			.hasValueSatisfying((headers) -> assertThat(headers).containsIgnoringCase("ETag"));
		assertThat(this.counter.label.get()).isEqualTo("cors");
	}

	@Test
	void otherOriginsMayNotWrite() throws Exception {
		String before = this.counter.label.get();
		HttpResponse<String> response = this.http.put("/philjs/stores/counter/signals/label", "\"evil\"", "Origin",
				"https://evil.example");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(this.counter.label.get()).isEqualTo(before);
	}

}
