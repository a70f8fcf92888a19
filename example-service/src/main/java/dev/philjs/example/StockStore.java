package dev.philjs.example;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import dev.philjs.core.Memo;
import dev.philjs.core.machine.StateMachine;
import dev.philjs.core.store.Store;
import dev.philjs.example.NotificationStore.Level;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import org.jspecify.annotations.Nullable;

/**
 * The warehouse's stock levels, loaded on demand through a fetch state machine (the
 * guide's "Finite State Machine"): {@code idle}, then {@code loading}, then
 * {@code loaded} or {@code failed}; a load while one is in flight is ignored, and a
 * failed or loaded state can load again.
 *
 * <p>
 * Thread safety: every method may be called from any thread. The warehouse call runs on
 * the {@link WarehouseClient}'s threads; its outcome is sent to the machine from there.
 *
 * @since 0.1.0
 */
@PhilStore("stock")
public class StockStore extends Store {

	/** The machine's states. */
	sealed interface State {

		/**
		 * Returns the state's name, as clients see it.
		 * @return the name
		 */
		String status();

		/**
		 * Returns how many loads were started so far.
		 * @return the count
		 */
		int attempt();

	}

	record Idle() implements State {

		@Override
		public String status() {
			return "idle";
		}

		@Override
		public int attempt() {
			return 0;
		}

	}

	record Loading(int attempt) implements State {

		@Override
		public String status() {
			return "loading";
		}

	}

	record Loaded(Map<String, Integer> levels, int attempt) implements State {

		@Override
		public String status() {
			return "loaded";
		}

	}

	record Failed(String error, int attempt) implements State {

		@Override
		public String status() {
			return "failed";
		}

	}

	/** The machine's events. */
	sealed interface Event {

	}

	record Load() implements Event {
	}

	record Succeeded(Map<String, Integer> levels) implements Event {
	}

	record FailedWith(String error) implements Event {
	}

	private final StateMachine<State, Event> machine;

	final Memo<String> status;

	final Memo<Map<String, Integer>> levels;

	final Memo<@Nullable String> error;

	final Memo<Integer> attempts;

	/**
	 * Creates the store.
	 * @param warehouse the warehouse client
	 * @param notifications where failures are reported
	 */
	public StockStore(WarehouseClient warehouse, NotificationStore notifications) {
		this.machine = StateMachine.builder(State.class, Event.class)
			.from(Idle.class)
			.on(Load.class)
			.to((state, event) -> new Loading(1))
			.from(Loaded.class)
			.on(Load.class)
			.to((state, event) -> new Loading(state.attempt() + 1))
			.from(Failed.class)
			.on(Load.class)
			.to((state, event) -> new Loading(state.attempt() + 1))
			.from(Loading.class)
			.on(Succeeded.class)
			.to((state, event) -> new Loaded(new TreeMap<>(event.levels()), state.attempt()))
			.from(Loading.class)
			.on(FailedWith.class)
			.to((state, event) -> new Failed(event.error(), state.attempt()))
			.onEntry(Loading.class, (state, machine) -> warehouse.stock().whenComplete((levels, failure) -> {
				if (failure != null) {
					String message = message(failure);
					machine.send(new FailedWith(message));
					notifications.notify(Level.ERROR, "Stock load failed: " + message);
				}
				else {
					machine.send(new Succeeded(levels));
				}
			}))
			.build(new Idle());
		this.status = memo("status", () -> this.machine.state().get().status());
		this.levels = memo("levels",
				() -> (this.machine.state().get() instanceof Loaded loaded) ? loaded.levels() : Map.of());
		this.error = memo("error", () -> (this.machine.state().get() instanceof Failed failed) ? failed.error() : null);
		this.attempts = memo("attempts", () -> this.machine.state().get().attempt());
	}

	/**
	 * Starts loading the stock levels, unless a load is in flight.
	 * @return {@code true} if a load started, {@code false} if one was already in flight
	 */
	@Action
	public boolean load() {
		return this.machine.send(new Load());
	}

	static String message(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

}
