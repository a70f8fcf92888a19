package dev.philjs.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Starts the example service.
 *
 * @since 0.1.0
 */
@SpringBootApplication
@EnableConfigurationProperties(ExampleProperties.class)
public class ExampleApplication {

	/**
	 * Runs the service.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(ExampleApplication.class, args);
	}

}
