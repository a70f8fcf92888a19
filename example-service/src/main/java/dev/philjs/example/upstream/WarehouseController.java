package dev.philjs.example.upstream;

import java.util.List;
import java.util.Map;

import dev.philjs.example.upstream.Warehouse.Order;
import dev.philjs.example.upstream.Warehouse.OrderLine;
import dev.philjs.example.upstream.Warehouse.Product;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The warehouse's HTTP API, under {@code /upstream}: what the example's stores call as if
 * it were another service. While the warehouse is down ({@code PUT
 * /upstream/available false}) every other endpoint answers 503.
 *
 * <p>
 * Thread safety: stateless; every method may be called from any thread.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/upstream")
public class WarehouseController {

	private final Warehouse warehouse;

	/**
	 * Creates the controller.
	 * @param warehouse the warehouse it serves
	 */
	public WarehouseController(Warehouse warehouse) {
		this.warehouse = warehouse;
	}

	/**
	 * A new price.
	 *
	 * @param priceCents the price in cents
	 */
	public record PriceChange(long priceCents) {
	}

	/**
	 * A new order.
	 *
	 * @param customer who orders
	 * @param lines what is ordered
	 * @param totalCents what it costs
	 */
	public record NewOrder(String customer, List<OrderLine> lines, long totalCents) {
	}

	/**
	 * Tells whether the warehouse answers.
	 * @return {@code true} if it does
	 */
	@GetMapping("/available")
	public boolean available() {
		return this.warehouse.isAvailable();
	}

	/**
	 * Takes the warehouse down or brings it back.
	 * @param available whether it answers
	 * @return the new availability
	 */
	@PutMapping("/available")
	public boolean setAvailable(@RequestBody boolean available) {
		this.warehouse.setAvailable(available);
		return available;
	}

	/**
	 * Lists the products.
	 * @return the catalog
	 */
	@GetMapping("/products")
	public List<Product> products() {
		requireAvailable();
		return this.warehouse.products();
	}

	/**
	 * Changes a product's price.
	 * @param id the product
	 * @param change the new price
	 * @return the product as changed (404 if unknown, 422 if the price is refused)
	 */
	@PutMapping("/products/{id}/price")
	public Product setPrice(@PathVariable String id, @RequestBody PriceChange change) {
		requireAvailable();
		Product product = this.warehouse.setPrice(id, change.priceCents());
		if (product == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No product " + id);
		}
		return product;
	}

	/**
	 * Returns the stock levels.
	 * @return units by product id
	 */
	@GetMapping("/stock")
	public Map<String, Integer> stock() {
		requireAvailable();
		return this.warehouse.stock();
	}

	/**
	 * Lists the orders.
	 * @return the orders, oldest first
	 */
	@GetMapping("/orders")
	public List<Order> orders() {
		requireAvailable();
		return this.warehouse.orders();
	}

	/**
	 * Places an order.
	 * @param order the order
	 * @return the placed order (422 if it is refused)
	 */
	@PostMapping("/orders")
	public ResponseEntity<Order> place(@RequestBody NewOrder order) {
		requireAvailable();
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.warehouse.place(order.customer(), order.lines(), order.totalCents()));
	}

	/**
	 * Moves an order to its next status.
	 * @param id the order
	 * @return the order as changed (404 if unknown)
	 */
	@PostMapping("/orders/{id}/advance")
	public Order advance(@PathVariable String id) {
		requireAvailable();
		Order order = this.warehouse.advance(id);
		if (order == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id);
		}
		return order;
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail refused(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
	}

	private void requireAvailable() {
		if (!this.warehouse.isAvailable()) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "The warehouse is down");
		}
	}

}
