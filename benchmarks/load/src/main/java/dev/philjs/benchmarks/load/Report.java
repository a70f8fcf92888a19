package dev.philjs.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sitting's report: every line goes to stdout and to {@code <out>/report.md}.
 */
final class Report {

	private final Path file;

	Report(Path out) {
		this.file = out.resolve("report.md");
	}

	void line(String format, Object... args) {
		String line = String.format(format, args);
		System.out.println(line);
		try {
			Files.writeString(this.file, line + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String kb(double bytes) {
		return String.format("%.1f KB", bytes / 1024);
	}

}
