package dev.philjs.benchmarks.load.app;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The baselines written for the comparison, without PhilJS: a value in an
 * {@code AtomicReference} with a version, written by {@code PUT /baseline/value} or
 * {@code POST /baseline/actions/publish}, and streamed by a plain {@link SseEmitter}
 * broadcast loop on {@code GET /baseline/events}. The events have the same JSON shape as
 * PhilJS's ({@code snapshot} first, then one {@code change} per write, encoded once per
 * write); the loop runs on one thread so that a write does not wait for the subscribers.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/baseline")
class BaselineController {

	private static final long TIMEOUT_MILLIS = 30 * 60 * 1000L;

	private final AtomicReference<Tick> value = new AtomicReference<>(new Tick(0, ""));

	private final AtomicLong version = new AtomicLong(1);

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	private final ExecutorService broadcaster = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "baseline-broadcast");
		thread.setDaemon(true);
		return thread;
	});

	private final JsonMapper json;

	BaselineController(JsonMapper json) {
		this.json = json;
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events() throws IOException {
		SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError((ex) -> this.emitters.remove(emitter));
		long current = this.version.get();
		Map<String, Object> state = Map.of("tick", this.value.get());
		emitter.send(SseEmitter.event()
			.id(Long.toString(current))
			.name("snapshot")
			.data(this.json.writeValueAsString(message("state", current, state)), MediaType.TEXT_PLAIN));
		this.emitters.add(emitter);
		return emitter;
	}

	@PutMapping("/value")
	Map<String, Long> set(@RequestBody Tick tick) {
		return Map.of("version", write(tick));
	}

	@PostMapping("/actions/publish")
	Map<String, Object> publish(@RequestBody Tick tick) {
		long version = write(tick);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("result", tick.sent());
		result.put("version", version);
		return result;
	}

	private long write(Tick tick) {
		long next;
		synchronized (this.value) {
			this.value.set(tick);
			next = this.version.incrementAndGet();
		}
		if (!this.emitters.isEmpty()) {
			this.broadcaster.execute(() -> broadcast(next, tick));
		}
		return next;
	}

	private void broadcast(long version, Tick tick) {
		String data = this.json.writeValueAsString(message("changes", version, Map.of("tick", tick)));
		String id = Long.toString(version);
		for (SseEmitter emitter : this.emitters) {
			try {
				emitter.send(SseEmitter.event().id(id).name("change").data(data, MediaType.TEXT_PLAIN));
			}
			catch (IOException | IllegalStateException ex) {
				this.emitters.remove(emitter);
				emitter.completeWithError(ex);
			}
		}
	}

	private static Map<String, Object> message(String kind, long version, Map<String, Object> values) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("store", "baseline");
		message.put("version", version);
		message.put(kind, values);
		return message;
	}

	@PreDestroy
	void stop() {
		this.broadcaster.shutdownNow();
		this.emitters.forEach(SseEmitter::complete);
	}

}
