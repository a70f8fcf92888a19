package dev.philjs.core.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import dev.philjs.core.Memo;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;

/**
 * The guide's cart store ("Combining Stores"): its discount reads the user store.
 */
class CartStore extends Store {

	private static final BigDecimal PREMIUM_RATE = new BigDecimal("0.10");

	record Product(String id, String name, BigDecimal price) {
	}

	record Item(String id, String name, BigDecimal price, int quantity) {

		BigDecimal subtotal() {
			return this.price.multiply(BigDecimal.valueOf(this.quantity));
		}

	}

	private final Signal<List<Item>> items = signal("items", List.of());

	final Memo<BigDecimal> total;

	final Memo<BigDecimal> discount;

	final Memo<BigDecimal> finalTotal;

	CartStore(UserStore users) {
		this.total = memo("total",
				() -> this.items.get().stream().map(Item::subtotal).reduce(BigDecimal.ZERO, BigDecimal::add));
		this.discount = memo("discount", () -> users.isPremium.get()
				? this.total.get().multiply(PREMIUM_RATE).setScale(2, RoundingMode.HALF_UP) : BigDecimal.ZERO);
		this.finalTotal = memo("finalTotal", () -> this.total.get().subtract(this.discount.get()));
	}

	ReadSignal<List<Item>> items() {
		return this.items.asReadOnly();
	}

	void addItem(Product product) {
		this.items.update((list) -> {
			List<Item> next = new ArrayList<>(list);
			for (int i = 0; i < next.size(); i++) {
				Item item = next.get(i);
				if (item.id().equals(product.id())) {
					next.set(i, new Item(item.id(), item.name(), item.price(), item.quantity() + 1));
					return List.copyOf(next);
				}
			}
			next.add(new Item(product.id(), product.name(), product.price(), 1));
			return List.copyOf(next);
		});
	}

}
