package dev.philjs.spring.data.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.RedisCallback;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of one node of the test's own: the redis-server binary shipped by
 * embedded-redis in cluster mode, on a random free port, holding all 16384 hash slots.
 * One node is enough to test what a cluster refuses: it answers {@code CROSSSLOT} to a
 * script or command whose keys are in different slots, as a cluster of many nodes does.
 */
final class ClusterRedis implements AutoCloseable {

	private static final int SLOTS = 16384;

	private final int port = TestRedis.freePort();

	private final Path directory;

	private final RedisServer server;

	private ClusterRedis() throws IOException {
		this.directory = Files.createTempDirectory("philjs-redis-cluster");
		this.server = RedisServer.newRedisServer()
			.bind("127.0.0.1")
			.port(this.port)
			.setting("save \"\"")
			.setting("appendonly no")
			.setting("cluster-enabled yes")
			.setting("cluster-announce-ip 127.0.0.1")
			.setting("cluster-config-file " + this.directory.resolve("nodes.conf"))
			.build();
	}

	/**
	 * Starts the node, gives it every slot and waits until the cluster reports
	 * {@code cluster_state:ok}.
	 * @return the running cluster
	 */
	static ClusterRedis start() {
		ClusterRedis cluster;
		try {
			cluster = new ClusterRedis();
			cluster.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded redis-server in cluster mode", ex);
		}
		byte[][] slots = new byte[SLOTS + 1][];
		slots[0] = bytes("ADDSLOTS");
		for (int slot = 0; slot < SLOTS; slot++) {
			slots[slot + 1] = bytes(Integer.toString(slot));
		}
		cluster.clusterCommand(slots);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> cluster.clusterCommand(bytes("INFO")).contains("cluster_state:ok"));
		return cluster;
	}

	/** The node's address, for {@code spring.data.redis.cluster.nodes}. */
	String node() {
		return "127.0.0.1:" + this.port;
	}

	private String clusterCommand(byte[]... args) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", this.port);
		return TestRedis.withTemplate(configuration, (template) -> {
			Object reply = template
				.execute((RedisCallback<Object>) (connection) -> connection.execute("CLUSTER", args));
			return (reply instanceof byte[] text) ? new String(text, StandardCharsets.UTF_8) : String.valueOf(reply);
		});
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws IOException {
		this.server.stop();
		Files.deleteIfExists(this.directory.resolve("nodes.conf"));
		Files.deleteIfExists(this.directory);
	}

}
