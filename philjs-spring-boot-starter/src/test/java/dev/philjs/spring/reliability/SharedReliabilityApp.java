package dev.philjs.spring.reliability;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The {@link ReliabilityTestApplication} on a random port with the Actuator endpoints
 * {@code health} and {@code philjs} exposed; test classes with this annotation share one
 * application context (Spring's test context cache).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = ReliabilityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,philjs",
				"management.endpoint.health.show-details=always", "philjs.stores.buffer-size=64" })
@interface SharedReliabilityApp {

}
