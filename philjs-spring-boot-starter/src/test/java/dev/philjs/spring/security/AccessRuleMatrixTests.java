package dev.philjs.spring.security;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.philjs.core.Signal;
import dev.philjs.core.store.Store;
import dev.philjs.spring.autoconfigure.PhilJsAutoConfiguration;
import dev.philjs.spring.autoconfigure.PhilJsSecurityAutoConfiguration;
import dev.philjs.spring.store.Access;
import dev.philjs.spring.store.Action;
import dev.philjs.spring.store.PhilStore;
import dev.philjs.spring.store.StoreCaller;
import dev.philjs.spring.store.StoreException;
import dev.philjs.spring.store.StoreInstance;
import dev.philjs.spring.store.StoreRegistry;
import dev.philjs.spring.store.StoreScope;
import dev.philjs.spring.store.StoreScopeKey;
import dev.philjs.spring.store.StoreService;
import dev.philjs.spring.store.StoreSnapshot;
import dev.philjs.spring.store.Writable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The access matrix: anonymous, user and admin callers reading, writing and calling
 * application, session and request stores through {@link StoreService}, each cell either
 * allowed (and effective) or refused with its exact {@link StoreException.Kind}, leaving
 * the state unchanged.
 */
class AccessRuleMatrixTests {

	private static final String ALLOWED = "allowed";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PhilJsSecurityAutoConfiguration.class,
				PhilJsAutoConfiguration.class))
		.withUserConfiguration(Stores.class);

	static Stream<Cell> cells() {
		List<Cell> cells = new ArrayList<>();
		// application store "wall": open reads, store write rule isAuthenticated()
		add(cells, Op.READ, "wall", null, ALLOWED, ALLOWED, ALLOWED);
		add(cells, Op.WRITE, "wall", "text", "UNAUTHORIZED", ALLOWED, ALLOWED);
		add(cells, Op.WRITE, "wall", "pinned", "UNAUTHORIZED", "FORBIDDEN", ALLOWED);
		add(cells, Op.WRITE, "wall", "likes", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN");
		add(cells, Op.CALL, "wall", "post", "UNAUTHORIZED", ALLOWED, ALLOWED);
		add(cells, Op.CALL, "wall", "pin", "UNAUTHORIZED", "FORBIDDEN", ALLOWED);
		add(cells, Op.CALL, "wall", "wave", ALLOWED, "FORBIDDEN", "FORBIDDEN");
		add(cells, Op.CALL, "wall", "notAnAction", "UNKNOWN_ACTION", "UNKNOWN_ACTION", "UNKNOWN_ACTION");
		// session store "inbox": read and write hasRole('USER')
		add(cells, Op.READ, "inbox", null, "UNAUTHORIZED", ALLOWED, "FORBIDDEN");
		add(cells, Op.WRITE, "inbox", "draft", "UNAUTHORIZED", ALLOWED, "FORBIDDEN");
		add(cells, Op.CALL, "inbox", "send", "UNAUTHORIZED", ALLOWED, "FORBIDDEN");
		// request store "audit": read hasRole('ADMIN'), no write rule, a rule using
		// variables
		add(cells, Op.READ, "audit", null, "UNAUTHORIZED", "FORBIDDEN", ALLOWED);
		add(cells, Op.WRITE, "audit", "filter", "UNAUTHORIZED", "FORBIDDEN", ALLOWED);
		add(cells, Op.CALL, "audit", "purge", "UNAUTHORIZED", "FORBIDDEN", ALLOWED);
		return cells.stream();
	}

	private static void add(List<Cell> cells, Op op, String store, @Nullable String member, String anonymous,
			String user, String admin) {
		cells.add(new Cell(Who.ANONYMOUS, op, store, member, anonymous));
		cells.add(new Cell(Who.USER, op, store, member, user));
		cells.add(new Cell(Who.ADMIN, op, store, member, admin));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cells")
	void cell(Cell cell) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AccessRulePolicy.class);
			StoreService service = context.getBean(StoreService.class);
			StoreRegistry registry = context.getBean(StoreRegistry.class);
			StoreCaller caller = cell.who().caller();
			StoreInstance instance = registry.instance(cell.store(), caller.scope());
			StoreSnapshot before = instance.snapshot();
			if (cell.expected().equals(ALLOWED)) {
				cell.perform(service, caller);
				if (cell.op() != Op.READ) {
					assertThat(instance.version()).as("the allowed %s took effect", cell.op())
						.isGreaterThan(before.version());
				}
			}
			else {
				assertThatExceptionOfType(StoreException.class).isThrownBy(() -> cell.perform(service, caller))
					.satisfies((ex) -> assertThat(ex.kind().name()).isEqualTo(cell.expected()));
				assertThat(instance.snapshot()).as("a refused %s changes nothing", cell.op()).isEqualTo(before);
			}
		});
	}

	enum Who {

		ANONYMOUS, USER, ADMIN;

		StoreCaller caller() {
			String id = name().toLowerCase(java.util.Locale.ROOT);
			StoreScopeKey scope = new StoreScopeKey(() -> "session-" + id, "request-" + id, List::of);
			return switch (this) {
				case ANONYMOUS -> new StoreCaller(null, scope);
				case USER -> new StoreCaller(UsernamePasswordAuthenticationToken.authenticated("user", null,
						AuthorityUtils.createAuthorityList("ROLE_USER")), scope);
				case ADMIN -> new StoreCaller(UsernamePasswordAuthenticationToken.authenticated("admin", null,
						AuthorityUtils.createAuthorityList("ROLE_ADMIN")), scope);
			};
		}

	}

	enum Op {

		READ, WRITE, CALL

	}

	record Cell(Who who, Op op, String store, @Nullable String member, String expected) {

		void perform(StoreService service, StoreCaller caller) {
			JsonNodeFactory json = JsonNodeFactory.instance;
			switch (this.op) {
				case READ -> service.open(this.store, caller);
				case WRITE ->
					service.set(this.store, requiredMember(), json.stringNode("new-" + this.who), null, caller);
				case CALL -> {
					JsonNode arguments = "post".equals(this.member) ? json.arrayNode().add("hello") : null;
					service.call(this.store, requiredMember(), arguments, null, caller);
				}
			}
		}

		private String requiredMember() {
			if (this.member == null) {
				throw new IllegalStateException("no member");
			}
			return this.member;
		}

		@Override
		public String toString() {
			return this.who + " " + this.op + " " + this.store + ((this.member != null) ? "." + this.member : "")
					+ " -> " + this.expected;
		}

	}

	@Import({ WallStore.class, InboxStore.class, AuditStore.class })
	static class Stores {

	}

	@PhilStore("wall")
	@Access(write = "isAuthenticated()")
	static class WallStore extends Store {

		@Writable
		final Signal<String> text = signal("text", "");

		@Writable
		@Access(write = "hasRole('ADMIN')")
		final Signal<String> pinned = signal("pinned", "");

		final Signal<Integer> likes = signal("likes", 0);

		@Action
		public void post(String message) {
			this.text.set(message);
		}

		@Action
		@Access(write = "hasRole('ADMIN')")
		public void pin() {
			this.pinned.set(this.text.get() + "!");
		}

		@Action
		@Access(write = "isAnonymous()")
		public void wave() {
			this.likes.update((n) -> n + 1);
		}

		public void notAnAction() {
			this.likes.set(-1);
		}

	}

	@PhilStore(name = "inbox", scope = StoreScope.SESSION)
	@Access(read = "hasRole('USER')", write = "hasRole('USER')")
	static class InboxStore extends Store {

		@Writable
		final Signal<String> draft = signal("draft", "");

		final Signal<Integer> sent = signal("sent", 0);

		@Action
		public void send() {
			this.sent.update((n) -> n + 1);
		}

	}

	@PhilStore(name = "audit", scope = StoreScope.REQUEST)
	@Access(read = "hasRole('ADMIN')")
	static class AuditStore extends Store {

		@Writable
		final Signal<String> filter = signal("filter", "");

		@Action
		@Access(write = "hasRole('ADMIN') and #action == 'purge' and #store == 'audit' and store == 'audit'")
		public void purge() {
			this.filter.set("purged");
		}

	}

}
