package dev.philjs.example;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The example service's own settings, under the prefix {@code example}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("example")
public class ExampleProperties {

	private final Upstream upstream = new Upstream();

	private final Orders orders = new Orders();

	private final Notifications notifications = new Notifications();

	/**
	 * Returns the upstream settings.
	 * @return the upstream settings
	 */
	public Upstream getUpstream() {
		return this.upstream;
	}

	/**
	 * Returns the order polling settings.
	 * @return the order settings
	 */
	public Orders getOrders() {
		return this.orders;
	}

	/**
	 * Returns the notification settings.
	 * @return the notification settings
	 */
	public Notifications getNotifications() {
		return this.notifications;
	}

	/** The warehouse service the stores call. */
	public static class Upstream {

		/**
		 * Base URL of the warehouse (ending before {@code /upstream}); empty for this
		 * service itself.
		 */
		private @Nullable URI baseUrl;

		/** How long one call to the warehouse may take. */
		private Duration timeout = Duration.ofSeconds(5);

		public @Nullable URI getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable URI baseUrl) {
			this.baseUrl = baseUrl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/** Polling of the warehouse's orders. */
	public static class Orders {

		/** How long to wait after one poll of the orders before the next. */
		private Duration pollInterval = Duration.ofSeconds(2);

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/** The notification feed. */
	public static class Notifications {

		/** How long a notification stays before it expires. */
		private Duration ttl = Duration.ofSeconds(30);

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

}
