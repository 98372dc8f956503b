package io.coinlens.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** The real servers behind {@link EmbeddedInfrastructure}: each started on first use and stopped when the JVM exits. */
public final class Infrastructure {

    private static EmbeddedPostgres postgres;
    private static RedisServer redis;
    private static int redisPort;
    private static EmbeddedKafkaKraftBroker kafka;

    private Infrastructure() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("fsync", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
        }
        return postgres;
    }

    public static synchronized int redisPort() {
        if (redis == null) {
            try {
                redisPort = freePort();
                redis = RedisServer.newRedisServer()
                        .port(redisPort)
                        .bind("127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .build();
                redis.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded Redis", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(Infrastructure::stopRedis));
        }
        return redisPort;
    }

    /** Stops Redis now, e.g. to test what a service does when Redis is down; the next {@link #redisPort()} restarts it on the same port. */
    public static synchronized void stopRedis() {
        if (redis != null) {
            try {
                redis.stop();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    public static synchronized void restartRedis() {
        try {
            redis.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized EmbeddedKafkaKraftBroker kafka() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 3);
            // One broker: the internal topics cannot be replicated, or transactions and idempotence would hang.
            kafka.brokerProperties(Map.of(
                    "offsets.topic.replication.factor", "1",
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    "auto.create.topics.enable", "true"));
            kafka.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy));
        }
        return kafka;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }
}
