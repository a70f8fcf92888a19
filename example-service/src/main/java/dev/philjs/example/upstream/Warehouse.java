package dev.philjs.example.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The upstream warehouse's state: a product catalog with prices and stock levels, and the
 * orders it ships. Every order goes through the statuses {@code PLACED}, {@code PACKED},
 * {@code SHIPPED}, {@code DELIVERED}.
 *
 * <p>
 * Thread safety: every method may be called from any thread; each one is atomic
 * (synchronized on the warehouse).
 *
 * @since 0.1.0
 */
@Component
public class Warehouse {

	/** The highest price the warehouse accepts, in cents. */
	public static final long MAX_PRICE_CENTS = 100_000;

	/**
	 * A product of the catalog.
	 *
	 * @param id its id
	 * @param name its name
	 * @param priceCents its price in cents
	 */
	public record Product(String id, String name, long priceCents) {
	}

	/**
	 * One line of an order.
	 *
	 * @param productId the product
	 * @param quantity how many
	 */
	public record OrderLine(String productId, int quantity) {
	}

	/**
	 * An order.
	 *
	 * @param id its id
	 * @param customer who placed it
	 * @param lines what was ordered
	 * @param totalCents what it costs, discounts included
	 * @param status where it is
	 */
	public record Order(String id, String customer, List<OrderLine> lines, long totalCents, Status status) {
	}

	/** Where an order is. */
	public enum Status {

		/** Received. */
		PLACED,

		/** Ready to ship. */
		PACKED,

		/** On its way. */
		SHIPPED,

		/** Arrived. */
		DELIVERED

	}

	private final Map<String, Product> products = new LinkedHashMap<>();

	private final Map<String, Integer> stock = new LinkedHashMap<>();

	private final Map<String, Order> orders = new LinkedHashMap<>();

	private int nextOrder = 1;

	private boolean available = true;

	/**
	 * Creates the warehouse with its starting catalog.
	 */
	public Warehouse() {
		addProduct(new Product("tea", "Green tea", 450), 40);
		addProduct(new Product("mug", "Blue mug", 1200), 12);
		addProduct(new Product("pot", "Teapot", 3500), 3);
	}

	private void addProduct(Product product, int units) {
		this.products.put(product.id(), product);
		this.stock.put(product.id(), units);
	}

	/**
	 * Tells whether the warehouse answers requests (see {@link #setAvailable}).
	 * @return {@code true} if it answers
	 */
	public synchronized boolean isAvailable() {
		return this.available;
	}

	/**
	 * Takes the warehouse down (every request then fails with 503) or brings it back.
	 * @param available whether it answers
	 */
	public synchronized void setAvailable(boolean available) {
		this.available = available;
	}

	/**
	 * Returns the catalog.
	 * @return the products, in catalog order
	 */
	public synchronized List<Product> products() {
		return List.copyOf(this.products.values());
	}

	/**
	 * Changes a product's price.
	 * @param id the product
	 * @param priceCents the new price
	 * @return the product as changed, or {@code null} if there is no such product
	 * @throws IllegalArgumentException if the price is negative or above
	 * {@link #MAX_PRICE_CENTS}; nothing changes
	 */
	public synchronized @Nullable Product setPrice(String id, long priceCents) {
		if (priceCents < 0 || priceCents > MAX_PRICE_CENTS) {
			throw new IllegalArgumentException(
					"Price must be between 0 and " + MAX_PRICE_CENTS + " cents, was " + priceCents);
		}
		return this.products.computeIfPresent(id, (key, product) -> new Product(key, product.name(), priceCents));
	}

	/**
	 * Returns the stock levels.
	 * @return units in stock by product id
	 */
	public synchronized Map<String, Integer> stock() {
		return Map.copyOf(this.stock);
	}

	/**
	 * Returns the orders.
	 * @return the orders, oldest first
	 */
	public synchronized List<Order> orders() {
		return List.copyOf(this.orders.values());
	}

	/**
	 * Places an order.
	 * @param customer who orders
	 * @param lines what is ordered
	 * @param totalCents what it costs
	 * @return the order, {@code PLACED}
	 * @throws IllegalArgumentException if a line names an unknown product or a quantity
	 * below 1, or there are no lines; nothing changes
	 */
	public synchronized Order place(String customer, List<OrderLine> lines, long totalCents) {
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one line");
		}
		for (OrderLine line : lines) {
			if (!this.products.containsKey(line.productId()) || line.quantity() < 1) {
				throw new IllegalArgumentException("Bad order line " + line);
			}
		}
		Order order = new Order("o-" + this.nextOrder++, customer, List.copyOf(lines), totalCents, Status.PLACED);
		this.orders.put(order.id(), order);
		for (OrderLine line : lines) {
			this.stock.merge(line.productId(), -line.quantity(), (a, b) -> Math.max(0, a + b));
		}
		return order;
	}

	/**
	 * Moves an order to its next status (a delivered order stays delivered).
	 * @param id the order
	 * @return the order as changed, or {@code null} if there is no such order
	 */
	public synchronized @Nullable Order advance(String id) {
		return this.orders.computeIfPresent(id, (key, order) -> {
			Status[] statuses = Status.values();
			Status next = statuses[Math.min(order.status().ordinal() + 1, statuses.length - 1)];
			return new Order(key, order.customer(), order.lines(), order.totalCents(), next);
		});
	}

}
