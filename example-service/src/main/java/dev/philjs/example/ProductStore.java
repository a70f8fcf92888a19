package dev.philjs.example;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;
import dev.philjs.core.optimistic.OptimisticList;
import dev.philjs.core.store.Store;
import dev.philjs.example.NotificationStore.Level;
import dev.philjs.example.upstream.Warehouse.Product;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The warehouse's catalog with optimistic price changes (the guide's "Optimistic
 * Updates"): a new price shows at once, with its product among {@code pending}, and is
 * confirmed by the warehouse's answer or rolled back when the warehouse refuses it or is
 * down. The catalog is loaded from the warehouse when the service starts and on
 * {@code reload}.
 *
 * <p>
 * Thread safety: every method may be called from any thread; warehouse answers are
 * applied on the {@link WarehouseClient}'s threads.
 *
 * @since 0.1.0
 */
@PhilStore("products")
public class ProductStore extends Store implements SmartLifecycle {

	private final OptimisticList<String, Product> catalog = OptimisticList.of(List.of(), Product::id);

	final ReadSignal<List<Product>> items = this.catalog.items();

	final ReadSignal<Set<String>> pending = this.catalog.pendingIds();

	final Signal<@Nullable String> lastError = signal("lastError", null);

	private final WarehouseClient warehouse;

	private final NotificationStore notifications;

	private volatile boolean running;

	/**
	 * Creates the store; the catalog is loaded when it starts.
	 * @param warehouse the warehouse client
	 * @param notifications where refused changes are reported
	 */
	public ProductStore(WarehouseClient warehouse, NotificationStore notifications) {
		this.warehouse = warehouse;
		this.notifications = notifications;
	}

	/**
	 * Returns a product as shown now (pending changes included).
	 * @param id the product id
	 * @return the product, or {@code null} if there is none
	 */
	public @Nullable Product find(String id) {
		return this.items.get().stream().filter((p) -> p.id().equals(id)).findFirst().orElse(null);
	}

	/**
	 * Loads the catalog from the warehouse again; pending changes stay on top of it.
	 */
	@Action
	public void reload() {
		this.warehouse.products().whenComplete((products, failure) -> {
			if (failure != null) {
				this.lastError.set("Catalog not loaded: " + StockStore.message(failure));
			}
			else {
				this.catalog.setConfirmed(products);
			}
		});
	}

	/**
	 * Changes a price: shown at once, then confirmed or rolled back by the warehouse.
	 * @param id the product id
	 * @param priceCents the new price in cents
	 * @throws IllegalArgumentException if there is no such product (nothing changes)
	 */
	@Action
	public void setPrice(@NotBlank String id, @Min(0) long priceCents) {
		if (find(id) == null) {
			throw new IllegalArgumentException("No product " + id);
		}
		this.lastError.set(null);
		this.catalog.update(id, (product) -> new Product(product.id(), product.name(), priceCents),
				// Actions run in one batch, which holds the graph lock. The call starts
				// once that batch has ended (reading a signal waits for the lock), so the
				// optimistic price is a version of its own that clients see even when the
				// warehouse answers at once.
				() -> CompletableFuture.runAsync(this.pending::get, this.warehouse.executor())
					.thenCompose((ignored) -> this.warehouse.setPrice(id, priceCents)))
			.whenComplete((product, failure) -> {
				if (failure != null) {
					String message = StockStore.message(failure);
					this.lastError.set(message);
					this.notifications.notify(Level.WARNING, "Price of " + id + " rolled back: " + message);
				}
			});
	}

	/** Loads the catalog once the web server (and so the warehouse) is up. */
	@Override
	public void start() {
		this.running = true;
		reload();
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
