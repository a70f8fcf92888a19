package dev.philjs.spring.actuate.health;

import java.time.Instant;
import java.util.Objects;

import dev.philjs.spring.data.redis.RedisChannel;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code philjsSync} health indicator: UP while the {@link RedisChannel} reads and
 * writes Redis, DOWN with the last error while it is cut off (shared stores then work in
 * this instance and catch up when Redis answers again). Details: this instance's id, how
 * many changes were published and received, how many wait to be written, and when the
 * last change was received (the lag a monitor can watch).
 *
 * <p>
 * Thread safety: may be called from any thread; reads counters only, no I/O.
 *
 * @since 0.1.0
 */
public class RedisChannelHealthIndicator extends AbstractHealthIndicator {

	private final RedisChannel channel;

	private final String instanceId;

	/**
	 * Creates the indicator.
	 * @param channel the channel
	 * @param instanceId this instance's sync id
	 */
	public RedisChannelHealthIndicator(RedisChannel channel, String instanceId) {
		super("PhilJS sync health check failed");
		this.channel = Objects.requireNonNull(channel, "channel must not be null");
		this.instanceId = Objects.requireNonNull(instanceId, "instanceId must not be null");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("instanceId", this.instanceId)
			.withDetail("stream", this.channel.streamKey())
			.withDetail("published", this.channel.publishedCount())
			.withDetail("received", this.channel.receivedCount())
			.withDetail("pending", this.channel.pendingCount());
		Instant lastReceived = this.channel.lastReceived();
		if (lastReceived != null) {
			builder.withDetail("lastReceived", lastReceived.toString());
		}
		if (this.channel.isConnected()) {
			builder.up();
		}
		else {
			String error = this.channel.lastError();
			builder.down().withDetail("error", (error != null) ? error : "not running");
		}
	}

}
