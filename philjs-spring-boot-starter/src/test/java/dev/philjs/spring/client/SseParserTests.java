package dev.philjs.spring.client;

import java.util.ArrayList;
import java.util.List;

import dev.philjs.spring.client.SseParser.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text/event-stream parsing rules and the reconnection backoff of the remote client.
 */
class SseParserTests {

	private final List<Event> events = new ArrayList<>();

	private final List<Long> retries = new ArrayList<>();

	private final SseParser parser = new SseParser(this.events::add, this.retries::add);

	@Test
	void eventsAreDispatchedAtBlankLinesWithTheirTypeDataAndId() {
		feed("retry:2000", "", "id:7", "event:snapshot", "data:{\"version\":7}", "", ":heartbeat", "", "id: 8",
				"event: change", "data: {\"version\":8}", "");
		assertThat(this.retries).containsExactly(2000L);
		assertThat(this.events).containsExactly(new Event("snapshot", "{\"version\":7}", "7"),
				new Event("change", "{\"version\":8}", "8"));
	}

	@Test
	void dataLinesAreJoinedAndOnlyOneLeadingSpaceIsRemoved() {
		feed("data:  a", "data", "data:b", "");
		assertThat(this.events).containsExactly(new Event("message", " a\n\nb", null));
	}

	@Test
	void theLastEventIdIsKeptAcrossEventsAndIdsWithNulAreIgnored() {
		feed("id:3", "data:x", "", "data:y", "", "id:4\u00005", "data:z", "");
		assertThat(this.events).extracting(Event::lastEventId).containsExactly("3", "3", "3");
	}

	@Test
	void eventsWithoutDataCommentsAndUnknownFieldsDispatchNothing() {
		feed("event:change", "id:9", "", ": just a comment", "foo:bar", "", "");
		assertThat(this.events).isEmpty();
	}

	@Test
	void anUnfinishedEventAtTheEndIsNotDispatched() {
		feed("event:change", "data:{}");
		assertThat(this.events).isEmpty();
	}

	@Test
	void retryMustBeDigitsOnly() {
		feed("retry:abc", "retry:-5", "retry:", "retry: 150", "");
		assertThat(this.retries).containsExactly(150L);
	}

	@Test
	void aLeadingByteOrderMarkIsIgnored() {
		feed("\uFEFFevent:snapshot", "data:{}", "");
		assertThat(this.events).containsExactly(new Event("snapshot", "{}", null));
	}

	@Test
	void backoffDoublesPerFailureUpToTheCap() {
		assertThat(RemoteStore.backoff(100, 1000, 0)).isEqualTo(100);
		assertThat(RemoteStore.backoff(100, 1000, 1)).isEqualTo(200);
		assertThat(RemoteStore.backoff(100, 1000, 3)).isEqualTo(800);
		assertThat(RemoteStore.backoff(100, 1000, 4)).isEqualTo(1000);
		assertThat(RemoteStore.backoff(100, 1000, 1000)).isEqualTo(1000);
		assertThat(RemoteStore.backoff(5000, 1000, 0)).isEqualTo(1000);
	}

	private void feed(String... lines) {
		for (String line : lines) {
			this.parser.line(line);
		}
	}

}
