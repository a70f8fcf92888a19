package dev.philjs.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.philjs.example.upstream.Warehouse.Order;
import dev.philjs.example.upstream.Warehouse.OrderLine;
import dev.philjs.example.upstream.Warehouse.Product;
import dev.philjs.example.upstream.WarehouseController.NewOrder;
import dev.philjs.example.upstream.WarehouseController.PriceChange;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ProblemDetail;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Calls the warehouse service over HTTP (Spring's {@link RestClient}). The asynchronous
 * methods run the call on the client's own threads and return at once, so stores can
 * start a call from an action or an effect, which run under the graph lock and must never
 * wait for I/O.
 *
 * <p>
 * Thread safety: every method may be called from any thread. Calls made before the web
 * server has started (when the warehouse is this service itself) fail with
 * {@link IllegalStateException}. A refused call fails with a {@link WarehouseException}
 * that carries the warehouse's status and message.
 *
 * @since 0.1.0
 */
@Component
public class WarehouseClient implements DisposableBean {

	private final ExampleProperties.Upstream properties;

	private final ExecutorService executor;

	private volatile @Nullable RestClient client;

	/**
	 * Creates the client; it is usable once the base URL is known (at once if configured,
	 * else when this service's web server has started).
	 * @param properties the settings
	 */
	public WarehouseClient(ExampleProperties properties) {
		this.properties = properties.getUpstream();
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "warehouse-client-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		if (this.properties.getBaseUrl() != null) {
			this.client = create(this.properties.getBaseUrl());
		}
	}

	/**
	 * Points the client at this service when no base URL is configured.
	 * @param event the web server's start
	 */
	@EventListener
	public void onWebServerStarted(WebServerInitializedEvent event) {
		if (this.client == null && event.getApplicationContext().getServerNamespace() == null) {
			this.client = create(URI.create("http://127.0.0.1:" + event.getWebServer().getPort()));
		}
	}

	private RestClient create(URI baseUrl) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(this.properties.getTimeout()).build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(this.properties.getTimeout());
		return RestClient.builder().baseUrl(baseUrl.resolve("/upstream").toString()).requestFactory(factory).build();
	}

	/**
	 * Returns the executor the asynchronous calls run on.
	 * @return the executor
	 */
	public Executor executor() {
		return this.executor;
	}

	/**
	 * Reads the catalog, asynchronously.
	 * @return the products
	 */
	public CompletableFuture<List<Product>> products() {
		return async(() -> client().get().uri("/products").retrieve().body(new ParameterizedTypeReference<>() {
		}));
	}

	/**
	 * Changes a price, asynchronously.
	 * @param id the product
	 * @param priceCents the new price
	 * @return the product as the warehouse changed it
	 */
	public CompletableFuture<Product> setPrice(String id, long priceCents) {
		return async(() -> client().put()
			.uri("/products/{id}/price", id)
			.body(new PriceChange(priceCents))
			.retrieve()
			.body(Product.class));
	}

	/**
	 * Reads the stock levels, asynchronously.
	 * @return units by product id
	 */
	public CompletableFuture<Map<String, Integer>> stock() {
		return async(() -> client().get().uri("/stock").retrieve().body(new ParameterizedTypeReference<>() {
		}));
	}

	/**
	 * Places an order, asynchronously.
	 * @param customer who orders
	 * @param lines what is ordered
	 * @param totalCents what it costs
	 * @return the placed order
	 */
	public CompletableFuture<Order> place(String customer, List<OrderLine> lines, long totalCents) {
		return async(() -> client().post()
			.uri("/orders")
			.body(new NewOrder(customer, lines, totalCents))
			.retrieve()
			.body(Order.class));
	}

	/**
	 * Reads the orders, blocking the calling thread (for a poller's own thread).
	 * @return the orders
	 * @throws WarehouseException if the warehouse refuses
	 */
	public List<Order> orders() {
		return call(() -> client().get().uri("/orders").retrieve().body(new ParameterizedTypeReference<>() {
		}));
	}

	private <T> CompletableFuture<T> async(Supplier<@Nullable T> call) {
		return CompletableFuture.supplyAsync(() -> call(call), this.executor);
	}

	private static <T> T call(Supplier<@Nullable T> call) {
		try {
			T result = call.get();
			if (result == null) {
				throw new WarehouseException(0, "The warehouse answered with no body");
			}
			return result;
		}
		catch (RestClientResponseException ex) {
			ProblemDetail problem = ex.getResponseBodyAs(ProblemDetail.class);
			String detail = (problem != null && problem.getDetail() != null) ? problem.getDetail() : ex.getStatusText();
			throw new WarehouseException(ex.getStatusCode().value(), detail);
		}
	}

	private RestClient client() {
		RestClient current = this.client;
		if (current == null) {
			throw new IllegalStateException("The warehouse's address is not known before the web server starts");
		}
		return current;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	/**
	 * The warehouse refused a call or answered with an error status.
	 */
	public static class WarehouseException extends RuntimeException {

		private final int status;

		/**
		 * Creates the exception.
		 * @param status the HTTP status (0 if none)
		 * @param message the warehouse's message
		 */
		public WarehouseException(int status, String message) {
			super("Warehouse " + ((status != 0) ? "answered " + status + ": " : "failed: ") + message);
			this.status = status;
		}

		/**
		 * Returns the HTTP status.
		 * @return the status, 0 if none
		 */
		public int status() {
			return this.status;
		}

	}

}
