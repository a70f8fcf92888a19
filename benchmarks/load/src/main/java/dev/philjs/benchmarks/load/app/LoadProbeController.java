package dev.philjs.benchmarks.load.app;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the harness reads from the target: heap used after a full GC, and the process's
 * CPU time.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/load")
class LoadProbeController {

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	@GetMapping("/heap")
	Map<String, Long> heap() {
		// two collections: the first may only queue finalizable or weakly reachable
		// objects
		this.memory.gc();
		this.memory.gc();
		return Map.of("used", this.memory.getHeapMemoryUsage().getUsed());
	}

	@GetMapping("/cpu")
	Map<String, Long> cpu() {
		java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		long nanos = (os instanceof com.sun.management.OperatingSystemMXBean sun) ? sun.getProcessCpuTime() : -1;
		return Map.of("nanos", nanos);
	}

}
