package dev.philjs.core.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when the test advances it. */
final class MutableClock extends Clock {

	private volatile Instant now = Instant.parse("2026-01-01T09:00:00Z");

	void advance(Duration step) {
		this.now = this.now.plus(step);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("not needed by the tests");
	}

}
