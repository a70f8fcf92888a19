package dev.philjs.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs the server load scenarios: each one starts its own target process (and Redis where
 * needed) on loopback, drives it from this process and stops it; bounded counts and times
 * everywhere, so a sitting ends by itself. See the "Server load" section of
 * docs/benchmarks.md for the options and the commands.
 *
 * @since 0.1.0
 */
public final class LoadHarness {

	private static final Set<String> SCENARIOS = Set.of("sse", "websocket", "slow", "http", "persistence", "kill",
			"cross");

	private LoadHarness() {
	}

	/**
	 * Runs the scenarios named by {@code --scenarios} (default: all but {@code cross}).
	 * @param args {@code --key=value} options
	 * @throws IOException if the output directory cannot be written
	 */
	public static void main(String[] args) throws IOException {
		Options options = new Options(args);
		List<String> scenarios = options.list("scenarios", "sse,websocket,slow,http,persistence");
		for (String scenario : scenarios) {
			if (!SCENARIOS.contains(scenario)) {
				throw new IllegalArgumentException(
						"Unknown scenario '" + scenario + "', expected some of " + SCENARIOS);
			}
		}
		Path out = Path.of(options.string("out", "benchmarks/load/target/load-results"));
		Files.createDirectories(out);
		Report report = new Report(out);
		List<String> jvmArgs = new ArrayList<>(
				Arrays.asList(options.string("target-jvm", "-Xms4g -Xmx4g -XX:+UseG1GC").split(" ")));
		boolean jfr = Boolean.parseBoolean(options.string("jfr", "false"));
		header(report, args, jvmArgs);
		Http http = new Http(options.string("sse-client", "netty"));
		try (Processes processes = new Processes(out)) {
			java.util.function.BiFunction<String, List<String>, Target> start = (name, targetArgs) -> {
				List<String> jvm = new ArrayList<>(jvmArgs);
				if (jfr) {
					jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + out.resolve(name + ".jfr"));
				}
				return Target.start(processes, http, name, jvm, targetArgs);
			};
			FanOutScenarios fanOut = new FanOutScenarios(options, http, report);
			for (String scenario : scenarios) {
				switch (scenario) {
					case "sse" -> {
						try (Target target = start.apply("target-sse", List.of())) {
							fanOut.sse(target);
						}
					}
					case "websocket" -> {
						try (Target target = start.apply("target-websocket", List.of())) {
							fanOut.webSocket(target);
						}
					}
					case "slow" -> {
						try (Target target = start.apply("target-slow", List.of())) {
							fanOut.slowConsumers(target);
						}
					}
					case "http" -> {
						try (Target target = start.apply("target-http", List.of())) {
							new HttpWriteScenario(options, processes, report, out).run(target);
						}
					}
					case "persistence" -> new PersistenceScenario(options, processes, http, report).run(jvmArgs, start);
					case "kill" -> new HardKillScenario(options, processes, http, report).run(start);
					case "cross" -> new CrossInstanceScenario(options, processes, http, report).run(start);
					default -> throw new IllegalStateException(scenario);
				}
			}
		}
		report.line("");
		report.line("Finished %s; report in %s", Instant.now(), out.resolve("report.md"));
		System.exit(0);
	}

	private static void header(Report report, String[] args, List<String> jvmArgs) throws IOException {
		String cpu = Files.lines(Path.of("/proc/cpuinfo"))
			.filter((line) -> line.startsWith("model name"))
			.findFirst()
			.map((line) -> line.substring(line.indexOf(':') + 1).strip())
			.orElse("unknown CPU");
		report.line("## Server load sitting, %s", Instant.now());
		report.line("");
		report.line("- machine: %d CPUs (%s), %d MB RAM, %s %s", Runtime.getRuntime().availableProcessors(), cpu,
				((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
					.getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024),
				System.getProperty("java.vm.name"), System.getProperty("java.version"));
		report.line("- harness: %s; target JVM: %s", String.join(" ", args), String.join(" ", jvmArgs));
	}

}
