package io.coinlens.devstack;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** redis-server from the embedded-redis jar, saving to {@code .devstack/data/redis} so a restart keeps the data. */
final class LocalRedis implements AutoCloseable {

    private final RedisServer server;

    private LocalRedis(RedisServer server) {
        this.server = server;
    }

    static LocalRedis start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dataDirectory.toAbsolutePath())
                    .setting("save 60 1")
                    .setting("appendonly no")
                    .setting("maxmemory 256mb")
                    .setting("maxmemory-policy noeviction")
                    .build();
            server.start();
            return new LocalRedis(server);
        } catch (IOException e) {
            throw new StartupException("Redis did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
