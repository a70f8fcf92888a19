package dev.philjs.benchmarks.load;

/**
 * Pauses of the harness's own pacing loops (polling a process or a counter with a
 * deadline); never used to wait for an event that can be awaited.
 */
final class Pause {

	private Pause() {
	}

	static void millis(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
