package dev.philjs.spring.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.philjs.spring.json.StoreJson;
import dev.philjs.spring.store.StoreInstance;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.async.AsyncWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Opens SSE streams of store instances: a {@code retry} field, then a {@code snapshot}
 * event (or, on a resume with {@code Last-Event-ID}, the missed {@code change} events if
 * the instance still buffers them), then {@code change} events, each with {@code id} =
 * the store version; heartbeat comments on idle streams.
 *
 * <p>
 * Streams are written with Servlet non-blocking output and never hold a thread: an event
 * is written only when the container says the write will not block; while a client does
 * not read, its stream is skipped (the store instance conflates what it misses, bounded
 * by its change buffer) and it costs one pending event and its socket buffers. A stream
 * that stays not writable for the stall timeout is closed (a live client reconnects with
 * {@code Last-Event-ID}). One shared scheduler runs the heartbeats and stall checks. A
 * stream also ends when the client goes away (a write fails), when it times out, or when
 * the store instance is disposed (for example with its session); its subscription is
 * disposed in every case.
 *
 * <p>
 * Thread safety: every method may be called from any thread; none blocks on a client.
 *
 * @since 0.1.0
 */
public class StoreEventStreams implements SmartLifecycle {

	private final StoreJson json;

	private final TaskScheduler scheduler;

	private final Duration heartbeat;

	private final Duration timeout;

	private final Duration retry;

	private final Duration stallTimeout;

	private final Set<StoreEventStream> open = ConcurrentHashMap.newKeySet();

	private volatile boolean running = true;

	/**
	 * Creates the stream factory.
	 * @param json encodes snapshots and changes
	 * @param scheduler the shared scheduler of heartbeats and stall checks
	 * @param heartbeat the heartbeat interval; zero or negative for none
	 * @param timeout how long a stream stays open; zero or negative for no limit
	 * @param retry the reconnection delay sent to clients; zero or negative for none
	 * @param stallTimeout how long a stream may stay not writable (its client not
	 * reading) before it is closed; zero or negative for no limit
	 */
	public StoreEventStreams(StoreJson json, TaskScheduler scheduler, Duration heartbeat, Duration timeout,
			Duration retry, Duration stallTimeout) {
		this.json = json;
		this.scheduler = scheduler;
		this.heartbeat = heartbeat;
		this.timeout = timeout;
		this.retry = retry;
		this.stallTimeout = stallTimeout;
	}

	/**
	 * Returns a response that streams a store instance: status 200, content type
	 * {@code text/event-stream}, {@code Cache-Control: no-cache}; the stream starts when
	 * the response is written (on the request thread, which it does not hold).
	 * @param instance the store instance (the caller may read it)
	 * @param lastEventId the last version the client has ({@code Last-Event-ID}), or
	 * {@code null}
	 * @return the SSE response
	 */
	public ServerResponse open(StoreInstance instance, @Nullable Long lastEventId) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noCache())
			.build((request, response) -> {
				start(request, response, instance, lastEventId);
				return null;
			});
	}

	/**
	 * Returns the number of open streams.
	 * @return the count
	 */
	public int openStreams() {
		return this.open.size();
	}

	/**
	 * Returns the number of open streams that are stalled: found not writable (their
	 * client is not reading) and not writable since.
	 * @return the count
	 */
	public int stalledStreams() {
		int stalled = 0;
		for (StoreEventStream stream : this.open) {
			if (stream.isStalled()) {
				stalled++;
			}
		}
		return stalled;
	}

	private void start(HttpServletRequest request, HttpServletResponse response, StoreInstance instance,
			@Nullable Long lastEventId) throws Exception {
		// zero means no timeout to the servlet container
		DeferredResult<?> result = new DeferredResult<>(this.timeout.isNegative() ? 0L : this.timeout.toMillis());
		WebAsyncManager manager = WebAsyncUtils.getAsyncManager(request);
		AsyncWebRequest asyncRequest = WebAsyncUtils.createAsyncWebRequest(request, response);
		manager.setAsyncWebRequest(asyncRequest);
		// the context a controller's DeferredResult gets: should the container dispatch
		// an
		// error (a client that went away) to an annotated error controller after the
		// stream completed, Spring's adapter expects one with the result
		manager.startDeferredResultProcessing(result, new ModelAndViewContainer());
		// Spring's response wrapper refuses writes once the request completed or failed
		HttpServletResponse target = (asyncRequest instanceof ServletWebRequest web && web.getResponse() != null)
				? web.getResponse() : response;
		StoreEventStream stream = new StoreEventStream(target.getOutputStream(), result, this.json, this.heartbeat,
				this.stallTimeout, isPositive(this.retry) ? this.retry : null, this.open::remove);
		this.open.add(stream);
		result.onTimeout(() -> stream.close(true));
		result.onError((ex) -> stream.close(false));
		result.onCompletion(() -> stream.close(false));
		if (!this.running) {
			stream.close(true);
			return;
		}
		target.getOutputStream().setWriteListener(stream);
		stream.attach(instance.subscribe(stream, lastEventId));
		if (isPositive(this.heartbeat)) {
			stream.attachTask(this.scheduler.scheduleWithFixedDelay(stream::heartbeatIfIdle, this.heartbeat));
		}
		if (isPositive(this.stallTimeout)) {
			// checked every half of it: a stalled stream is closed after 1 to 1.5 times
			// it
			Duration check = this.stallTimeout.dividedBy(2);
			stream.attachTask(this.scheduler.scheduleWithFixedDelay(stream::closeIfStalled,
					check.isZero() ? this.stallTimeout : check));
		}
	}

	/** Accepts streams (they are accepted from construction on). */
	@Override
	public void start() {
		this.running = true;
	}

	/** Completes every open stream; streams opened later are completed at once. */
	@Override
	public void stop() {
		this.running = false;
		for (StoreEventStream stream : new ArrayList<>(this.open)) {
			stream.close(true);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Runs before the web server's graceful shutdown, which would wait for the streams.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
