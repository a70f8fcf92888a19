package dev.philjs.core.store;

import java.util.Optional;

import dev.philjs.core.Memo;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;

/**
 * The signed-in user, read by the cart store.
 */
class UserStore extends Store {

	record User(String name, boolean premium) {
	}

	private final Signal<Optional<User>> user = signal("user", Optional.empty());

	final Memo<Boolean> isPremium = memo("isPremium", () -> this.user.get().map(User::premium).orElse(false));

	ReadSignal<Optional<User>> user() {
		return this.user.asReadOnly();
	}

	void signIn(User u) {
		this.user.set(Optional.of(u));
	}

	void signOut() {
		this.user.set(Optional.empty());
	}

}
