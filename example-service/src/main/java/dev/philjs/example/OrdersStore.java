package dev.philjs.example;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.philjs.core.Memo;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.poll.Poller;
import dev.philjs.core.store.Store;
import dev.philjs.example.NotificationStore.Level;
import dev.philjs.example.upstream.Warehouse.Order;
import dev.philjs.example.upstream.Warehouse.Status;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The warehouse's orders, polled (the guide's "Polling Pattern") every
 * {@code example.orders.poll-interval} with a core {@link Poller}: one request at a time,
 * backing off while the warehouse fails, the last orders kept meanwhile. An order whose
 * status changed is announced in the notifications.
 *
 * <p>
 * Thread safety: every method may be called from any thread; polls run on the store's own
 * scheduler thread, from the start of the web server to its stop.
 *
 * @since 0.1.0
 */
@PhilStore("orders")
public class OrdersStore extends Store implements SmartLifecycle {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "orders-poller");
		thread.setDaemon(true);
		return thread;
	});

	private final Poller<List<Order>> poller;

	final Memo<List<Order>> orders;

	final ReadSignal<Boolean> loading;

	final Memo<@Nullable String> error;

	final Memo<Long> open;

	private final Map<String, Status> announced = new HashMap<>();

	/**
	 * Creates the store; polling starts with the web server.
	 * @param warehouse the warehouse client
	 * @param notifications where status changes are announced
	 * @param properties the settings (the poll interval)
	 */
	public OrdersStore(WarehouseClient warehouse, NotificationStore notifications, ExampleProperties properties) {
		this.poller = Poller.calling(warehouse::orders)
			.interval(properties.getOrders().getPollInterval())
			.backoff(2, properties.getOrders().getPollInterval().multipliedBy(8))
			.scheduler(this.scheduler)
			.build();
		this.orders = memo("orders", () -> {
			List<Order> polled = this.poller.data().get();
			return (polled != null) ? polled : List.of();
		});
		this.loading = this.poller.loading();
		this.error = memo("error", () -> {
			Throwable failure = this.poller.error().get();
			return (failure != null) ? StockStore.message(failure) : null;
		});
		this.open = memo("open",
				() -> this.orders.get().stream().filter((o) -> o.status() != Status.DELIVERED).count());
		// Runs under the graph lock after each poll that changed the orders; the map is
		// only touched here.
		effect("announce", () -> {
			for (Order order : this.orders.get()) {
				Status before = this.announced.put(order.id(), order.status());
				if (before != null && before != order.status()) {
					notifications.notify(Level.INFO, "Order " + order.id() + " is now " + order.status());
				}
			}
		});
	}

	/**
	 * Polls now (or joins the poll in flight).
	 */
	@Action
	public void refresh() {
		this.poller.refresh();
	}

	@Override
	public void start() {
		this.poller.start();
	}

	@Override
	public void stop() {
		this.poller.stop();
	}

	@Override
	public boolean isRunning() {
		return this.poller.enabled().peek();
	}

	@Override
	public void dispose() {
		this.poller.close();
		this.scheduler.shutdownNow();
		super.dispose();
	}

}
