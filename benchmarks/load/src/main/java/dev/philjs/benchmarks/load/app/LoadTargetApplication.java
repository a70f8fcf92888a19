package dev.philjs.benchmarks.load.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the load target (settings in {@code load-target.yml}).
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class LoadTargetApplication {

	/**
	 * Runs the target until it is stopped.
	 * @param args command-line arguments (Spring properties as {@code --key=value})
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(LoadTargetApplication.class);
		application.setDefaultProperties(java.util.Map.of("spring.config.name", "load-target"));
		application.run(args);
	}

}
