package dev.philjs.core.machine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.philjs.core.Effect;
import dev.philjs.core.Memo;
import dev.philjs.core.Reactive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The guide's fetch machine: idle, loading, success, error, with retry. */
class FetchMachineTests {

	// tag::types[]
	sealed interface FetchState {

		record Idle() implements FetchState {
		}

		record Loading(int attempt) implements FetchState {
		}

		record Success(String data) implements FetchState {
		}

		record Failure(String error, int attempt) implements FetchState {
		}

	}

	sealed interface FetchEvent {

		record Fetch() implements FetchEvent {
		}

		record Resolve(String data) implements FetchEvent {
		}

		record Reject(String error) implements FetchEvent {
		}

		record Retry() implements FetchEvent {
		}

	}
	// end::types[]

	/** The server: every call answers later, when the test completes its future. */
	static final class Api {

		final Queue<CompletableFuture<String>> calls = new ArrayDeque<>();

		synchronized CompletionStage<String> fetchData() {
			CompletableFuture<String> call = new CompletableFuture<>();
			this.calls.add(call);
			return call;
		}

		synchronized CompletableFuture<String> next() {
			return this.calls.remove();
		}

	}

	// tag::machine[]
	static StateMachine<FetchState, FetchEvent> fetchMachine(Api api) {
		return StateMachine.builder(FetchState.class, FetchEvent.class)
			.from(FetchState.Idle.class)
			.on(FetchEvent.Fetch.class)
			.to(new FetchState.Loading(1))
			.from(FetchState.Failure.class)
			.on(FetchEvent.Fetch.class)
			.to(new FetchState.Loading(1))
			.from(FetchState.Loading.class)
			.on(FetchEvent.Resolve.class)
			.to((loading, resolve) -> new FetchState.Success(resolve.data()))
			.from(FetchState.Loading.class)
			.on(FetchEvent.Reject.class)
			.to((loading, reject) -> new FetchState.Failure(reject.error(), loading.attempt()))
			.from(FetchState.Failure.class)
			.on(FetchEvent.Retry.class)
			.when((failure, retry) -> failure.attempt() < 3)
			.to((failure, retry) -> new FetchState.Loading(failure.attempt() + 1))
			.onEntry(FetchState.Loading.class, (loading, machine) -> api.fetchData()
				.whenComplete((data, error) -> machine
					.send((error == null) ? new FetchEvent.Resolve(data) : new FetchEvent.Reject(error.getMessage()))))
			.build(new FetchState.Idle());
	}
	// end::machine[]

	@Test
	@DisplayName("FETCH from idle loads, and the server's data makes it a success carrying the data")
	void fetchThenSuccess() {
		Api api = new Api();
		StateMachine<FetchState, FetchEvent> machine = fetchMachine(api);
		assertThat(machine.send(new FetchEvent.Fetch())).isTrue();
		assertThat(machine.state().get()).isEqualTo(new FetchState.Loading(1));
		api.next().complete("42 rows");
		assertThat(machine.state().get()).isEqualTo(new FetchState.Success("42 rows"));
	}

	@Test
	@DisplayName("a failed fetch carries the error; RETRY loads again with the next attempt")
	void failureThenRetry() {
		Api api = new Api();
		StateMachine<FetchState, FetchEvent> machine = fetchMachine(api);
		machine.send(new FetchEvent.Fetch());
		api.next().completeExceptionally(new IllegalStateException("timeout"));
		assertThat(machine.state().get()).isEqualTo(new FetchState.Failure("timeout", 1));
		assertThat(machine.send(new FetchEvent.Retry())).isTrue();
		assertThat(machine.state().get()).isEqualTo(new FetchState.Loading(2));
		api.next().complete("finally");
		assertThat(machine.state().get()).isEqualTo(new FetchState.Success("finally"));
	}

	@Test
	@DisplayName("the retry guard refuses a fourth attempt, and FETCH starts over from attempt 1")
	void retryGuardStopsAfterThreeAttempts() {
		Api api = new Api();
		StateMachine<FetchState, FetchEvent> machine = fetchMachine(api);
		machine.send(new FetchEvent.Fetch());
		for (int attempt = 1; attempt <= 3; attempt++) {
			api.next().completeExceptionally(new IllegalStateException("down"));
			if (attempt < 3) {
				assertThat(machine.send(new FetchEvent.Retry())).isTrue();
			}
		}
		assertThat(machine.state().get()).isEqualTo(new FetchState.Failure("down", 3));
		assertThat(machine.send(new FetchEvent.Retry())).isFalse();
		assertThat(machine.state().get()).isEqualTo(new FetchState.Failure("down", 3));
		assertThat(machine.send(new FetchEvent.Fetch())).isTrue();
		assertThat(machine.state().get()).isEqualTo(new FetchState.Loading(1));
	}

	@Test
	@DisplayName("events the current state does not handle are refused and change nothing")
	void unhandledEventsRefused() {
		Api api = new Api();
		StateMachine<FetchState, FetchEvent> machine = fetchMachine(api);
		assertThat(machine.send(new FetchEvent.Resolve("nobody asked"))).isFalse();
		assertThat(machine.send(new FetchEvent.Retry())).isFalse();
		assertThat(machine.state().get()).isEqualTo(new FetchState.Idle());
		machine.send(new FetchEvent.Fetch());
		assertThat(machine.send(new FetchEvent.Fetch())).isFalse();
		assertThat(api.calls).hasSize(1);
	}

	@Test
	@DisplayName("the UI of the guide: a memo of what to show, and whether Retry is enabled")
	void uiFollowsTheMachine() {
		Api api = new Api();
		StateMachine<FetchState, FetchEvent> machine = fetchMachine(api);
		Memo<String> view = Reactive.memo(() -> {
			FetchState state = machine.state().get();
			if (state instanceof FetchState.Success success) {
				return "Data: " + success.data();
			}
			if (state instanceof FetchState.Failure failure) {
				return "Error: " + failure.error();
			}
			return (state instanceof FetchState.Loading) ? "<Spinner/>" : "[Load Data]";
		});
		Memo<Boolean> canRetry = Reactive.memo(() -> machine.accepts(new FetchEvent.Retry()));
		List<String> screen = new ArrayList<>();
		Effect effect = Reactive.effect(() -> screen.add(view.get() + (canRetry.get() ? " [Retry]" : "")));
		machine.send(new FetchEvent.Fetch());
		api.next().completeExceptionally(new IllegalStateException("offline"));
		machine.send(new FetchEvent.Retry());
		api.next().complete("hello");
		effect.dispose();
		assertThat(screen).containsExactly("[Load Data]", "<Spinner/>", "Error: offline [Retry]", "<Spinner/>",
				"Data: hello");
	}

	@Test
	@DisplayName("an answer that is already there is sent from the entry action and processed at once")
	void synchronousAnswerFromEntryAction() {
		StateMachine<FetchState, FetchEvent> machine = StateMachine.builder(FetchState.class, FetchEvent.class)
			.from(FetchState.Idle.class)
			.on(FetchEvent.Fetch.class)
			.to(new FetchState.Loading(1))
			.from(FetchState.Loading.class)
			.on(FetchEvent.Resolve.class)
			.to((loading, resolve) -> new FetchState.Success(resolve.data()))
			.onEntry(FetchState.Loading.class,
					(loading, m) -> CompletableFuture.completedFuture("cached")
						.thenAccept((data) -> m.send(new FetchEvent.Resolve(data))))
			.build(new FetchState.Idle());
		List<FetchState> seen = new ArrayList<>();
		Effect effect = Reactive.effect(() -> seen.add(machine.state().get()));
		assertThat(machine.send(new FetchEvent.Fetch())).isTrue();
		effect.dispose();
		assertThat(machine.state().get()).isEqualTo(new FetchState.Success("cached"));
		// both transitions happen in one batch: observers see the end state
		assertThat(seen).containsExactly(new FetchState.Idle(), new FetchState.Success("cached"));
	}

}
