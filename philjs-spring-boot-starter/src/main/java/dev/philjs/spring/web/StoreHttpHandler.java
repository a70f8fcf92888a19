package dev.philjs.spring.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.philjs.spring.json.StoreJson;
import dev.philjs.spring.store.SignalDefinition;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreDefinition;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.store.StoreSnapshot;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.WebUtils;

import static org.springframework.web.servlet.function.RequestPredicates.method;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/**
 * The HTTP API of the stores (see docs/protocol.md): the list, snapshots with ETags,
 * signal writes and action calls with {@code If-Match}, and the SSE streams. Every
 * operation goes through {@link StoreService}; every failure is a JSON error
 * {@code {"error": code, "message": text}} with a 4xx status, and a rejected request
 * changes nothing.
 *
 * <p>
 * Thread safety: immutable; serves concurrent requests.
 *
 * @since 0.1.0
 */
public class StoreHttpHandler {

	private static final Pattern STRONG_ETAG = Pattern.compile("\"(\\d{1,18})\"");

	private static final String GET_HEAD = "GET, HEAD";

	private final StoreService service;

	private final StoreEventStreams streams;

	private final StoreCallerResolver resolver;

	private final long maxBodySize;

	private final @Nullable CorsConfiguration allowedOrigins;

	/**
	 * Creates the handler.
	 * @param service the store operations
	 * @param streams opens SSE streams
	 * @param resolver builds callers for requests the {@link StoreRequestFilter} did not
	 * see
	 * @param maxBodySize the largest request body accepted, in bytes
	 * @param allowedOrigins origins (or origin patterns, {@code *} for any) besides the
	 * same origin that may write and call; empty for the same origin only
	 */
	public StoreHttpHandler(StoreService service, StoreEventStreams streams, StoreCallerResolver resolver,
			long maxBodySize, List<String> allowedOrigins) {
		this.service = service;
		this.streams = streams;
		this.resolver = resolver;
		this.maxBodySize = maxBodySize;
		if (allowedOrigins.isEmpty()) {
			this.allowedOrigins = null;
		}
		else {
			CorsConfiguration origins = new CorsConfiguration();
			origins.setAllowedOriginPatterns(allowedOrigins);
			this.allowedOrigins = origins;
		}
	}

	/**
	 * Builds the routes of the API under a base path.
	 * @param basePath the base path, for example {@code /philjs}
	 * @return the router function
	 */
	public RouterFunction<ServerResponse> routes(String basePath) {
		String stores = basePath + "/stores";
		String store = stores + "/{store}";
		RequestPredicate getOrHead = method(HttpMethod.GET).or(method(HttpMethod.HEAD));
		return RouterFunctions.route()
			.route(path(stores).and(getOrHead), this::list)
			.route(path(stores), (request) -> methodNotAllowed(request, GET_HEAD))
			.route(path(store).and(getOrHead), this::snapshot)
			.route(path(store), (request) -> methodNotAllowed(request, GET_HEAD))
			.route(path(store + "/events").and(method(HttpMethod.GET)), this::events)
			.route(path(store + "/events"), (request) -> methodNotAllowed(request, "GET"))
			.route(path(store + "/signals/{signal}").and(method(HttpMethod.PUT)), this::set)
			.route(path(store + "/signals/{signal}"), (request) -> methodNotAllowed(request, "PUT"))
			.route(path(store + "/actions/{action}").and(method(HttpMethod.POST)), this::call)
			.route(path(store + "/actions/{action}"), (request) -> methodNotAllowed(request, "POST"))
			.route(path(stores + "/**"),
					(request) -> error(HttpStatus.NOT_FOUND, "not_found", "No such resource: " + request.path()))
			.onError(StoreException.class, (ex, request) -> error((StoreException) ex))
			.onError(HttpError.class, (ex, request) -> error((HttpError) ex))
			.build();
	}

	/**
	 * {@code GET /stores}: the stores the caller may read, with their signals and
	 * actions.
	 * @param request the request
	 * @return the response
	 */
	ServerResponse list(ServerRequest request) {
		List<Map<String, Object>> stores = this.service.list(caller(request))
			.stream()
			.map(StoreHttpHandler::describe)
			.toList();
		return json(ServerResponse.ok(), stores);
	}

	private static Map<String, Object> describe(StoreDefinition store) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", store.name());
		description.put("scope", store.scope().name().toLowerCase(Locale.ROOT));
		description.put("signals", store.signals().values().stream().map(StoreHttpHandler::describe).toList());
		description.put("actions", List.copyOf(store.actions().keySet()));
		return description;
	}

	private static Map<String, Object> describe(SignalDefinition signal) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", signal.name());
		description.put("writable", signal.writable());
		return description;
	}

	/**
	 * {@code GET /stores/{store}}: the snapshot with its version as a strong ETag, or 304
	 * when {@code If-None-Match} names the current version.
	 * @param request the request
	 * @return the response
	 */
	ServerResponse snapshot(ServerRequest request) {
		StoreInstance instance = this.service.open(request.pathVariable("store"), caller(request));
		StoreSnapshot snapshot = instance.snapshot();
		String etag = etag(snapshot.version());
		if (noneMatch(request, etag)) {
			return ServerResponse.status(HttpStatus.NOT_MODIFIED)
				.header(HttpHeaders.ETAG, etag)
				.cacheControl(CacheControl.noCache())
				.build();
		}
		return ServerResponse.ok()
			.header(HttpHeaders.ETAG, etag)
			.cacheControl(CacheControl.noCache())
			.contentType(MediaType.APPLICATION_JSON)
			.body(json().snapshot(snapshot));
	}

	/**
	 * {@code GET /stores/{store}/events}: the SSE stream, resumed after
	 * {@code Last-Event-ID} when given.
	 * @param request the request
	 * @return the response
	 */
	ServerResponse events(ServerRequest request) {
		StoreInstance instance = this.service.open(request.pathVariable("store"), caller(request));
		return this.streams.open(instance, lastEventId(request));
	}

	/**
	 * {@code PUT /stores/{store}/signals/{signal}}: sets a writable signal to the JSON
	 * body, compare-and-set with {@code If-Match}.
	 * @param request the request
	 * @return the response
	 */
	ServerResponse set(ServerRequest request) {
		checkOrigin(request.servletRequest());
		Long expected = ifMatch(request);
		JsonNode value = readJson(request.servletRequest());
		if (value == null) {
			throw new StoreException(StoreException.Kind.BAD_REQUEST, "The body must be the new value, as JSON");
		}
		long version = this.service.set(request.pathVariable("store"), request.pathVariable("signal"), value, expected,
				caller(request));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("version", version);
		return json(ServerResponse.ok().header(HttpHeaders.ETAG, etag(version)), body);
	}

	/**
	 * {@code POST /stores/{store}/actions/{action}}: calls an action with the JSON
	 * arguments (object by name, array by position, no body for none).
	 * @param request the request
	 * @return the response
	 */
	ServerResponse call(ServerRequest request) {
		checkOrigin(request.servletRequest());
		Long expected = ifMatch(request);
		JsonNode arguments = readJson(request.servletRequest());
		StoreInstance.Written<Object> written = this.service.call(request.pathVariable("store"),
				request.pathVariable("action"), arguments, expected, caller(request));
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("result", written.result());
		body.put("version", written.version());
		return json(ServerResponse.ok().header(HttpHeaders.ETAG, etag(written.version())), body);
	}

	private StoreJson json() {
		return this.service.json();
	}

	private StoreCaller caller(ServerRequest request) {
		StoreCaller caller = StoreCallerResolver.current(request.servletRequest());
		return (caller != null) ? caller : this.resolver.resolve(request.servletRequest(), null);
	}

	private ServerResponse json(ServerResponse.BodyBuilder builder, @Nullable Object body) {
		return builder.contentType(MediaType.APPLICATION_JSON).body(json().write(body));
	}

	private ServerResponse error(StoreException ex) {
		return error(HttpStatus.valueOf(ex.kind().status()), ex.kind().code(), ex.getMessage());
	}

	private ServerResponse error(HttpError ex) {
		ServerResponse.BodyBuilder builder = ServerResponse.status(ex.status);
		if (ex.allow != null) {
			builder.header(HttpHeaders.ALLOW, ex.allow);
		}
		Map<String, @Nullable String> body = new LinkedHashMap<>();
		body.put("error", ex.code);
		body.put("message", ex.getMessage());
		return json(builder, body);
	}

	private ServerResponse error(HttpStatus status, String code, @Nullable String message) {
		Map<String, @Nullable String> body = new LinkedHashMap<>();
		body.put("error", code);
		body.put("message", message);
		return json(ServerResponse.status(status), body);
	}

	private ServerResponse methodNotAllowed(ServerRequest request, String allow) {
		throw new HttpError(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
				"Method " + request.method() + " is not allowed here; allowed: " + allow, allow);
	}

	/**
	 * Reads the JSON body without ever holding more than the size limit.
	 * @return the JSON, or {@code null} for an empty body
	 */
	private @Nullable JsonNode readJson(HttpServletRequest request) {
		Charset charset = jsonCharset(request);
		long length = request.getContentLengthLong();
		if (length > this.maxBodySize) {
			throw tooLarge();
		}
		byte[] bytes;
		try (InputStream in = request.getInputStream()) {
			bytes = in.readNBytes((int) Math.min(this.maxBodySize + 1, Integer.MAX_VALUE));
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.BAD_REQUEST, "Cannot read the request body", ex);
		}
		if (bytes.length > this.maxBodySize) {
			throw tooLarge();
		}
		if (bytes.length == 0) {
			return null;
		}
		if (charset == null) {
			throw new HttpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
					"A request body needs Content-Type: application/json", null);
		}
		return json().parse(new String(bytes, charset));
	}

	/**
	 * Checks the content type before anything is read.
	 * @return the charset of a JSON body, or {@code null} if there is no content type
	 */
	private static @Nullable Charset jsonCharset(HttpServletRequest request) {
		String header = request.getContentType();
		if (header == null) {
			return null;
		}
		try {
			MediaType type = MediaType.parseMediaType(header);
			boolean json = MediaType.APPLICATION_JSON.isCompatibleWith(type)
					|| ("application".equals(type.getType()) && "json".equals(type.getSubtypeSuffix()));
			if (json && !type.isWildcardSubtype()) {
				Charset charset = type.getCharset();
				return (charset != null) ? charset : StandardCharsets.UTF_8;
			}
		}
		catch (IllegalArgumentException ex) {
			// unparsable type (InvalidMediaTypeException) or unknown charset: refused
			// below
		}
		throw new HttpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
				"Content-Type '" + header + "' is not supported; use application/json", null);
	}

	private StoreException tooLarge() {
		return new StoreException(StoreException.Kind.TOO_LARGE,
				"The request body is larger than " + this.maxBodySize + " bytes");
	}

	/**
	 * A browser sends {@code Origin} with every cross-origin write; only the same origin
	 * and the configured ones may change stores.
	 */
	private void checkOrigin(HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null || (this.allowedOrigins != null && this.allowedOrigins.checkOrigin(origin) != null)
				|| WebUtils.isSameOrigin(new ServletServerHttpRequest(request))) {
			return;
		}
		throw new StoreException(StoreException.Kind.FORBIDDEN, "Origin '" + origin + "' may not change stores");
	}

	/** The quoted version: {@code "5"}. */
	static String etag(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * Parses {@code If-Match}: one strong ETag of a version, or {@code *}.
	 * @return the expected version, or {@code null} for none
	 */
	private static @Nullable Long ifMatch(ServerRequest request) {
		List<String> values = request.headers().header(HttpHeaders.IF_MATCH);
		if (values.isEmpty()) {
			return null;
		}
		String value = String.join(",", values).trim();
		if (value.equals("*")) {
			return null;
		}
		Matcher matcher = STRONG_ETAG.matcher(value);
		if (!matcher.matches()) {
			throw new StoreException(StoreException.Kind.BAD_REQUEST,
					"If-Match must be one entity tag of a version, such as \"5\", or *");
		}
		return Long.parseLong(matcher.group(1));
	}

	/** Tells whether {@code If-None-Match} names the current ETag (weak comparison). */
	private static boolean noneMatch(ServerRequest request, String etag) {
		for (String header : request.headers().header(HttpHeaders.IF_NONE_MATCH)) {
			for (String tag : header.split(",")) {
				String candidate = tag.trim();
				if (candidate.startsWith("W/")) {
					candidate = candidate.substring(2);
				}
				if (candidate.equals("*") || candidate.equals(etag)) {
					return true;
				}
			}
		}
		return false;
	}

	private static @Nullable Long lastEventId(ServerRequest request) {
		String value = request.headers().firstHeader("Last-Event-ID");
		if (value == null) {
			return null;
		}
		try {
			long version = Long.parseLong(value.trim());
			return (version > 0) ? version : null;
		}
		catch (NumberFormatException ex) {
			// not one of our ids: start with a snapshot
			return null;
		}
	}

	/** A protocol error that is not a {@link StoreException}: 405 or 415. */
	static final class HttpError extends RuntimeException {

		private static final long serialVersionUID = 1L;

		final HttpStatus status;

		final String code;

		final @Nullable String allow;

		HttpError(HttpStatus status, String code, String message, @Nullable String allow) {
			super(message, null, false, false);
			this.status = status;
			this.code = code;
			this.allow = allow;
		}

	}

}
