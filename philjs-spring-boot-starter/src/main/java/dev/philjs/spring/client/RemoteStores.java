package dev.philjs.spring.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

import tools.jackson.databind.json.JsonMapper;

/**
 * Connects to the stores of one remote PhilJS for Spring service, given the base URI of
 * its HTTP API (such as {@code http://host:8080/philjs}).
 *
 * <p>
 * Immutable and thread safe; the {@code with...} methods return a copy. The factory owns
 * nothing: the {@link HttpClient} and the {@link ScheduledExecutorService} belong to the
 * caller, who shuts them down after closing the stores.
 *
 * @since 0.1.0
 */
public final class RemoteStores {

	private final URI base;

	private final JsonMapper mapper;

	private final HttpClient http;

	private final ScheduledExecutorService executor;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration requestTimeout;

	/**
	 * Creates a factory with the default backoff (1 second doubling up to 30 seconds, or
	 * starting at the server's {@code retry:} value) and a 30 second request timeout.
	 * @param base the base URI of the remote HTTP API, such as
	 * {@code http://host:8080/philjs}
	 * @param mapper converts JSON to and from Java values
	 * @param http sends the requests and reads the event streams
	 * @param executor where local signals are written and reconnections scheduled
	 */
	public RemoteStores(URI base, JsonMapper mapper, HttpClient http, ScheduledExecutorService executor) {
		this(base, mapper, http, executor, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30));
	}

	private RemoteStores(URI base, JsonMapper mapper, HttpClient http, ScheduledExecutorService executor,
			Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
		String text = Objects.requireNonNull(base, "base").toString();
		this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
		this.mapper = Objects.requireNonNull(mapper, "mapper");
		this.http = Objects.requireNonNull(http, "http");
		this.executor = Objects.requireNonNull(executor, "executor");
		this.initialBackoff = positive(initialBackoff, "initialBackoff");
		this.maxBackoff = positive(maxBackoff, "maxBackoff");
		this.requestTimeout = positive(requestTimeout, "requestTimeout");
		if (maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("maxBackoff must not be less than initialBackoff");
		}
	}

	/**
	 * Returns a copy with another reconnection backoff: the first delay after a failure
	 * is {@code initial} (or the server's {@code retry:} value when it sent one), doubled
	 * after each further failure up to {@code max}, and back to the first delay after a
	 * successful connection.
	 * @param initial the first delay, positive
	 * @param max the cap, not less than {@code initial}
	 * @return the copy
	 * @throws IllegalArgumentException if a delay is not positive or max is less than
	 * initial
	 */
	public RemoteStores withBackoff(Duration initial, Duration max) {
		return new RemoteStores(this.base, this.mapper, this.http, this.executor, initial, max, this.requestTimeout);
	}

	/**
	 * Returns a copy with another timeout for action calls and signal writes.
	 * @param timeout the timeout, positive
	 * @return the copy
	 * @throws IllegalArgumentException if the timeout is not positive
	 */
	public RemoteStores withRequestTimeout(Duration timeout) {
		return new RemoteStores(this.base, this.mapper, this.http, this.executor, this.initialBackoff, this.maxBackoff,
				timeout);
	}

	/**
	 * Creates a client of the remote store {@code name} and starts connecting to its
	 * event stream in the background; returns at once.
	 * @param name the store's name
	 * @return the client; close it when done
	 */
	public RemoteStore connect(String name) {
		RemoteStore store = new RemoteStore(name, this.base, this.mapper, this.http, this.executor, this.initialBackoff,
				this.maxBackoff, this.requestTimeout);
		store.start();
		return store;
	}

	private static Duration positive(Duration value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return value;
	}

}
