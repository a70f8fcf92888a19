package dev.philjs.example;

import dev.philjs.core.Memo;
import dev.philjs.core.ReadSignal;
import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.example.CurrentUser.User;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.Hidden;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreScope;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Who is signed in, one per HTTP session (the guide's user context). The user lives in
 * the session's {@link CurrentUser#SESSION} signal, which other session stores (the cart)
 * read. This is a demo sign-in: a real application authenticates with Spring Security and
 * binds the principal instead.
 *
 * @since 0.1.0
 */
@PhilStore(name = "user", scope = StoreScope.SESSION)
public class UserStore extends Store {

	@Hidden
	private final Signal<@Nullable User> current = CurrentUser.sessionSignal();

	final ReadSignal<@Nullable User> user = this.current.asReadOnly();

	final Memo<Boolean> signedIn = memo("signedIn", () -> this.current.get() != null);

	final Memo<Boolean> member = memo("member", () -> {
		User u = this.current.get();
		return u != null && u.member();
	});

	/**
	 * Signs a user in, replacing whoever was signed in in this session.
	 * @param name the name
	 * @param member whether the user is a member
	 * @return the user
	 */
	@Action
	public User signIn(@NotBlank @Size(max = 40) String name, boolean member) {
		User u = new User(name.strip(), member);
		this.current.set(u);
		return u;
	}

	/**
	 * Signs the user out.
	 */
	@Action
	public void signOut() {
		this.current.set(null);
	}

}
