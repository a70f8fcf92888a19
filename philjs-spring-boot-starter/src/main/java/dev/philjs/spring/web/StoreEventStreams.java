package dev.philjs.spring.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.philjs.core.Disposable;
import dev.philjs.spring.json.StoreJson;
import dev.philjs.spring.store.StoreInstance;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Opens SSE streams of store instances: a {@code retry} field, then a {@code snapshot}
 * event (or, on a resume with {@code Last-Event-ID}, the missed {@code change} events if
 * the instance still buffers them), then {@code change} events, each with {@code id} =
 * the store version; heartbeat comments on idle streams.
 *
 * <p>
 * Every write happens on the delivery executor, so a slow client holds at most one
 * delivery thread and never a writer; what it misses meanwhile is conflated by the store
 * instance (bounded by its change buffer). One shared scheduler checks all streams for
 * idleness. A stream ends when the client goes away (a write fails), when it times out,
 * or when the store instance is disposed (for example with its session); its subscription
 * is disposed in every case.
 *
 * <p>
 * Thread safety: every method may be called from any thread.
 *
 * @since 0.1.0
 */
public class StoreEventStreams implements SmartLifecycle {

	private final StoreJson json;

	private final Executor executor;

	private final TaskScheduler scheduler;

	private final Duration heartbeat;

	private final Duration timeout;

	private final Duration retry;

	private final Set<StoreEventStream> open = ConcurrentHashMap.newKeySet();

	private volatile boolean running = true;

	/**
	 * Creates the stream factory.
	 * @param json encodes snapshots and changes
	 * @param executor the delivery executor (runs every write)
	 * @param scheduler the shared scheduler of heartbeat checks
	 * @param heartbeat the heartbeat interval; zero or negative for none
	 * @param timeout how long a stream stays open; zero or negative for no limit
	 * @param retry the reconnection delay sent to clients; zero or negative for none
	 */
	public StoreEventStreams(StoreJson json, Executor executor, TaskScheduler scheduler, Duration heartbeat,
			Duration timeout, Duration retry) {
		this.json = json;
		this.executor = executor;
		this.scheduler = scheduler;
		this.heartbeat = heartbeat;
		this.timeout = timeout;
		this.retry = retry;
	}

	/**
	 * Returns a response that streams a store instance.
	 * @param instance the store instance (the caller may read it)
	 * @param lastEventId the last version the client has ({@code Last-Event-ID}), or
	 * {@code null}
	 * @return the SSE response
	 */
	public ServerResponse open(StoreInstance instance, @Nullable Long lastEventId) {
		// zero means no timeout to the servlet container
		Duration limit = this.timeout.isNegative() ? Duration.ZERO : this.timeout;
		return ServerResponse.sse((sse) -> start(sse, instance, lastEventId), limit);
	}

	/**
	 * Returns the number of open streams.
	 * @return the count
	 */
	public int openStreams() {
		return this.open.size();
	}

	private void start(ServerResponse.SseBuilder sse, StoreInstance instance, @Nullable Long lastEventId) {
		StoreEventStream stream = new StoreEventStream(sse, this.json, this.executor, this.heartbeat,
				this.open::remove);
		this.open.add(stream);
		sse.onTimeout(() -> stream.close(true));
		sse.onError((ex) -> stream.close(false));
		sse.onComplete(() -> stream.close(false));
		try {
			if (isPositive(this.retry)) {
				stream.sendRetry(this.retry);
			}
		}
		catch (IOException ex) {
			stream.close(true);
			return;
		}
		if (!this.running) {
			stream.close(true);
			return;
		}
		Disposable subscription = instance.subscribe(stream, lastEventId);
		stream.attach(subscription);
		if (isPositive(this.heartbeat)) {
			ScheduledFuture<?> task = this.scheduler.scheduleWithFixedDelay(stream::heartbeatIfIdle, this.heartbeat);
			stream.attachHeartbeat(task);
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
