package io.coinlens.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL from zonky's Maven-delivered binaries, keeping its data under {@code .devstack/data/postgres}.
 * PostgreSQL daemonizes, so it outlives a JVM killed with SIGKILL: {@link #stopLeftover} handles that case.
 */
final class LocalPostgres implements AutoCloseable {

    static final String DATABASE = "coinlens";

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LocalPostgres start(Path dataDirectory, int port, Path log) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "64MB")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            LocalPostgres local = new LocalPostgres(postgres);
            local.createDatabase();
            return local;
        } catch (IOException | SQLException e) {
            throw new StartupException("PostgreSQL did not start: " + e.getMessage()
                    + " (see " + log + ")", e);
        }
    }

    private void createDatabase() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("create database " + DATABASE);
                    }
                }
            }
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** Stops a server an earlier, killed run left running on this data directory. */
    static Optional<Long> stopLeftover(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> running = ChildProcesses.readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        running.ifPresent(p -> {
            // SIGINT is PostgreSQL's fast shutdown: it disconnects clients instead of waiting for them.
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
                p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
                    p.destroyForcibly();
                    return null;
                }).join();
            } catch (IOException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return running.map(ProcessHandle::pid);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
