package dev.philjs.example;

import java.util.ArrayList;
import java.util.List;

import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.example.CurrentUser.User;
import dev.philjs.example.NotificationStore.Level;
import dev.philjs.example.upstream.Warehouse.OrderLine;
import dev.philjs.example.upstream.Warehouse.Product;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.Hidden;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreScope;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * A shopping cart, one per HTTP session, whose discount depends on the session's user
 * (the guide's "State Composition"): 5% for a signed-in user, 15% for a member, none for
 * a guest. Checkout places the order with the warehouse, where the order store's polling
 * picks it up.
 *
 * <p>
 * Thread safety: every method may be called from any thread.
 *
 * @since 0.1.0
 */
@PhilStore(name = "cart", scope = StoreScope.SESSION)
public class CartStore extends Store {

	/**
	 * One line of the cart.
	 *
	 * @param productId the product
	 * @param name its name
	 * @param unitCents its price when added, in cents
	 * @param quantity how many
	 */
	public record Line(String productId, String name, long unitCents, int quantity) {
	}

	@Hidden
	private final Signal<@Nullable User> user = CurrentUser.sessionSignal();

	final Signal<List<Line>> lines = signal("lines", List.of());

	final Memo<Long> subtotalCents = memo("subtotalCents",
			() -> this.lines.get().stream().mapToLong((l) -> l.unitCents() * l.quantity()).sum());

	final Memo<Integer> discountPercent = memo("discountPercent", () -> {
		User u = this.user.get();
		return (u == null) ? 0 : (u.member() ? 15 : 5);
	});

	final Memo<Long> totalCents = memo("totalCents",
			() -> this.subtotalCents.get() * (100 - this.discountPercent.get()) / 100);

	final Signal<String> checkout = signal("checkout", "");

	private final ProductStore products;

	private final WarehouseClient warehouse;

	private final NotificationStore notifications;

	/**
	 * Creates the session's cart.
	 * @param products the catalog
	 * @param warehouse where orders go
	 * @param notifications where placed orders are announced
	 */
	public CartStore(ProductStore products, WarehouseClient warehouse, NotificationStore notifications) {
		this.products = products;
		this.warehouse = warehouse;
		this.notifications = notifications;
	}

	/**
	 * Adds units of a product at its current price.
	 * @param productId the product
	 * @param quantity how many
	 * @return the cart's lines
	 * @throws IllegalArgumentException if there is no such product (nothing changes)
	 */
	@Action
	public List<Line> add(@NotBlank String productId, @Min(1) @Max(99) int quantity) {
		Product product = this.products.find(productId);
		if (product == null) {
			throw new IllegalArgumentException("No product " + productId);
		}
		return this.lines.update((list) -> {
			List<Line> next = new ArrayList<>();
			boolean merged = false;
			for (Line line : list) {
				if (line.productId().equals(productId)) {
					next.add(new Line(productId, line.name(), line.unitCents(), line.quantity() + quantity));
					merged = true;
				}
				else {
					next.add(line);
				}
			}
			if (!merged) {
				next.add(new Line(productId, product.name(), product.priceCents(), quantity));
			}
			return List.copyOf(next);
		});
	}

	/**
	 * Removes a product from the cart.
	 * @param productId the product
	 */
	@Action
	public void remove(String productId) {
		this.lines.update((list) -> list.stream().filter((l) -> !l.productId().equals(productId)).toList());
	}

	/**
	 * Places the cart as an order with the warehouse, for the caller; the cart is emptied
	 * once the warehouse accepted it. {@code checkout} says how it went.
	 * @throws IllegalStateException if the cart is empty or an order is being placed
	 * (nothing changes)
	 */
	@Action
	public void checkout() {
		List<Line> placed = this.lines.get();
		if (placed.isEmpty()) {
			throw new IllegalStateException("The cart is empty");
		}
		if (this.checkout.get().equals("placing")) {
			throw new IllegalStateException("An order is being placed");
		}
		String customer = Reactive.useContext(CurrentUser.NAME);
		List<OrderLine> orderLines = placed.stream().map((l) -> new OrderLine(l.productId(), l.quantity())).toList();
		this.checkout.set("placing");
		this.warehouse.place(customer, orderLines, this.totalCents.get()).whenComplete((order, failure) -> {
			if (failure != null) {
				this.checkout.set("failed: " + StockStore.message(failure));
			}
			else {
				Reactive.batch(() -> {
					this.lines.update((list) -> list.equals(placed) ? List.of() : list);
					this.checkout.set("placed " + order.id());
				});
				this.notifications.notify(Level.INFO, "Order " + order.id() + " placed by " + customer);
			}
		});
	}

}
