package dev.philjs.example;

import dev.philjs.core.Context;
import dev.philjs.core.Reactive;
import dev.philjs.core.Signal;
import dev.philjs.spring.context.ContextResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

/**
 * The signed-in user, as context: each HTTP session has one signal holding who is signed
 * in (bound for the session's stores: the user store writes it, the cart's discount reads
 * it), and each request sees the user's name (bound around every request: actions use it
 * to say who did something).
 *
 * <p>
 * Thread safety: the contexts are immutable; the resolvers may be called from any thread.
 *
 * @since 0.1.0
 */
public final class CurrentUser {

	/**
	 * The session's signed-in user signal; {@code null} outside a session (the stores
	 * that need it are session stores, which always have one).
	 */
	public static final Context<@Nullable Signal<@Nullable User>> SESSION = Reactive.createContext("session-user",
			null);

	/**
	 * The name of the user making the current request; {@code "guest"} if nobody signed
	 * in.
	 */
	public static final Context<String> NAME = Reactive.createContext("user-name", "guest");

	private static final String ATTRIBUTE = CurrentUser.class.getName() + ".signal";

	private CurrentUser() {
	}

	/**
	 * A signed-in user.
	 *
	 * @param name the name shown to others
	 * @param member whether the user is a member (members get a larger discount)
	 */
	public record User(String name, boolean member) {
	}

	/**
	 * Returns the session's user signal, for a session store's constructor.
	 * @return the signal
	 * @throws IllegalStateException if called outside a session's stores
	 */
	static Signal<@Nullable User> sessionSignal() {
		Signal<@Nullable User> signal = Reactive.useContext(SESSION);
		if (signal == null) {
			throw new IllegalStateException("The signed-in user is bound only for session stores");
		}
		return signal;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Signal<@Nullable User> signalOf(HttpSession session, boolean create) {
		synchronized (WebUtils.getSessionMutex(session)) {
			Object signal = session.getAttribute(ATTRIBUTE);
			if (signal == null && create) {
				signal = Reactive.signal((User) null);
				session.setAttribute(ATTRIBUTE, signal);
			}
			return (Signal<@Nullable User>) signal;
		}
	}

	/**
	 * Binds {@link #SESSION} when a session's stores are created: one signal per session,
	 * kept as a session attribute.
	 */
	@Component
	static class SessionResolver implements ContextResolver<@Nullable Signal<@Nullable User>> {

		@Override
		public Context<@Nullable Signal<@Nullable User>> context() {
			return SESSION;
		}

		@Override
		public Scope scope() {
			return Scope.SESSION;
		}

		@Override
		public Signal<@Nullable User> resolve(HttpServletRequest request) {
			return signalOf(request.getSession(), true);
		}

	}

	/**
	 * Binds {@link #NAME} for every request, from the session's user (never creates a
	 * session).
	 */
	@Component
	static class NameResolver implements ContextResolver<String> {

		@Override
		public Context<String> context() {
			return NAME;
		}

		@Override
		public @Nullable String resolve(HttpServletRequest request) {
			HttpSession session = request.getSession(false);
			Signal<@Nullable User> signal = (session != null) ? signalOf(session, false) : null;
			User user = (signal != null) ? signal.peek() : null;
			return (user != null) ? user.name() : null;
		}

	}

}
