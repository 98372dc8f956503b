package io.coinlens.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./coinlens run}: starts Kafka, PostgreSQL, Redis, the exchange simulator and every service, waits until each
 * is ready, prints where everything runs, and stops all of it on Ctrl-C or SIGTERM.
 */
public final class DevStack {

    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;
    static final int POSTGRES_PORT = 15432;
    static final int REDIS_PORT = 16379;

    static final Component SIMULATOR = new Component("exchange-simulator", "exchange-simulator", 8090);
    static final List<Component> SERVICES = List.of(
            new Component("user-service", "user-service", 8081),
            new Component("market-data-service", "market-data-service", 8082),
            new Component("analytics-service", "analytics-service", 8083),
            new Component("sentiment-service", "sentiment-service", 8084),
            new Component("portfolio-service", "portfolio-service", 8085),
            new Component("ml-service", "ml-service", 8086),
            new Component("gateway", "gateway", 8080));

    /** Small heaps, one GC thread, C1 only: eight idle JVMs fit in well under 3 GiB and start fast. */
    static final List<String> SERVICE_JVM_FLAGS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms32m", "-Xmx192m",
            "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=128m",
            "-XX:+ExitOnOutOfMemoryError");

    private final Options options;
    private final Layout layout;
    private final ChildProcesses children;
    private final long startedAt = System.nanoTime();
    private volatile LocalPostgres postgres;
    private volatile LocalRedis redis;
    private final CountDownLatch stopped = new CountDownLatch(1);

    DevStack(Options options) {
        this.options = options;
        this.layout = new Layout(options.root());
        this.children = new ChildProcesses(layout);
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // The admin client warns on every retry while the broker is still starting; devstack reports that itself.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        Path root = Path.of(System.getProperty("coinlens.root", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(root, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        if (Runtime.version().feature() < 17) {
            System.err.println("Coinlens needs JDK 17 or newer; this is " + Runtime.version());
            System.exit(1);
        }
        DevStack stack = new DevStack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "devstack-shutdown"));
        try {
            stack.start();
        } catch (StartupException e) {
            System.err.println("\nCoinlens did not start: " + e.getMessage());
            System.exit(1);
        }
        stack.awaitStop();
    }

    void start() {
        layout.create();
        refuseSecondRun();
        List<String> leftovers = children.killLeftovers();
        LocalPostgres.stopLeftover(layout.data().resolve("postgres"))
                .ifPresent(pid -> leftovers.add("postgresql (pid " + pid + ")"));
        if (!leftovers.isEmpty()) {
            say("cleaned up what a killed earlier run left behind: " + String.join(", ", leftovers));
        }
        if (options.wipe()) {
            layout.wipeData();
            say("wiped " + layout.root().relativize(layout.data()));
        }
        layout.create();
        List<Component> components = components();
        requireJars(components);
        Ports.requireFree(ports(components));
        writePid("devstack", ProcessHandle.current().pid());

        say("starting Kafka, PostgreSQL and Redis ...");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> kafkaJava = List.of(java, "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Xss512k",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", System.getProperty("java.class.path"));
        Path kafkaData = layout.data().resolve("kafka");
        Path kafkaConfig = LocalKafka.writeConfig(layout.home(), kafkaData, KAFKA_PORT, KAFKA_CONTROLLER_PORT);
        LocalKafka.formatIfNeeded(kafkaData, kafkaConfig, kafkaJava, layout.log("kafka"));
        List<String> kafkaCommand = new ArrayList<>(kafkaJava);
        kafkaCommand.addAll(List.of("kafka.Kafka", kafkaConfig.toString()));
        ChildProcesses.Child kafka = children.start("kafka", kafkaCommand, layout.log("kafka"));

        long deadline = startedAt + options.timeout().toNanos();
        // Topics are created while the services start: they wait for Kafka on their own, readiness tells when.
        CompletableFuture<List<String>> topics = CompletableFuture.supplyAsync(
                () -> {
                    awaitListening(kafka, KAFKA_PORT, deadline);
                    return LocalKafka.createTopics("127.0.0.1:" + KAFKA_PORT, deadline);
                });
        ClassDataSharing cds = new ClassDataSharing(layout, java);
        CompletableFuture<Void> extracted = CompletableFuture.runAsync(() -> cds.prepare(components));
        postgres = LocalPostgres.start(layout.data().resolve("postgres"), POSTGRES_PORT, layout.log("postgresql"));
        redis = LocalRedis.start(layout.data().resolve("redis"), REDIS_PORT);
        join(extracted);
        say("PostgreSQL and Redis up in %.1f s; starting %d services ...".formatted(seconds(), components.size()));
        for (Component component : components) {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(SERVICE_JVM_FLAGS);
            command.addAll(cds.flags(component));
            command.addAll(List.of("-jar", cds.jar(component).toString()));
            command.addAll(serviceArgs(component));
            children.start(component.name(), command, layout.log(component.name()));
        }
        List<String> created = join(topics);
        if (!kafka.process().isAlive()) {
            throw new StartupException("Kafka exited\n" + tail(layout.log("kafka"), 30));
        }
        say("Kafka up in %.1f s%s".formatted(seconds(),
                created.isEmpty() ? "" : " (created " + created.size() + " topics)"));
        awaitReady(components, deadline);
        printTable(components);
    }

    private List<Component> components() {
        List<Component> components = new ArrayList<>();
        if (options.simulator() && Files.exists(layout.root().resolve(SIMULATOR.module()).resolve("pom.xml"))) {
            components.add(SIMULATOR);
        }
        components.addAll(SERVICES);
        return components;
    }

    private List<String> serviceArgs(Component component) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=local",
                "--server.port=" + component.port(),
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + KAFKA_PORT,
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + REDIS_PORT,
                "--coinlens.postgres.host=127.0.0.1",
                "--coinlens.postgres.port=" + POSTGRES_PORT,
                "--coinlens.postgres.database=" + LocalPostgres.DATABASE));
        if (component.equals(SIMULATOR)) {
            args.addAll(options.simulatorArgs());
        }
        if (component.name().equals("market-data-service") && options.simulator()) {
            args.add("--coinlens.market-data.binance.stream-url=ws://localhost:" + SIMULATOR.port());
            args.add("--coinlens.market-data.binance.rest-url=http://localhost:" + SIMULATOR.port());
            // The simulator accepts any key; Binance needs a real one for historicalTrades (backfill).
            args.add("--coinlens.market-data.binance.api-key=local-simulator");
            args.add("--coinlens.market-data.coinbase.url=ws://localhost:" + SIMULATOR.port() + "/coinbase/ws");
        }
        if (component.name().equals("portfolio-service")) {
            // A receiver on this machine is what a local run's webhooks can reach; production refuses both.
            args.add("--coinlens.portfolio.webhooks.require-https=false");
            args.add("--coinlens.portfolio.webhooks.allowed-private-networks=127.0.0.1/32");
            args.add("--spring.config.import=optional:file:" + localSecrets());
            if (options.simulator()) {
                args.add("--coinlens.portfolio.exchange-keys.binance-url=http://localhost:" + SIMULATOR.port());
            }
        }
        return args;
    }

    /**
     * The local run's master key for exchange API keys: made once per data folder, never in the repository, kept
     * in a file only its owner can read and passed by file, not on the command line.
     */
    private Path localSecrets() {
        Path file = layout.data().resolve("portfolio-secrets.properties");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Files.writeString(file, "coinlens.portfolio.exchange-keys.master-keys.local="
                        + java.util.Base64.getEncoder().encodeToString(key)
                        + "\ncoinlens.portfolio.exchange-keys.current-key=local\n");
                try {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: the data folder's own permissions apply.
                }
            }
            return file;
        } catch (IOException e) {
            throw new StartupException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private void requireJars(List<Component> components) {
        List<String> missing = components.stream().map(Component::module)
                .filter(m -> !Files.exists(layout.jar(m))).toList();
        if (!missing.isEmpty()) {
            throw new StartupException("not built: " + String.join(", ", missing)
                    + ". Run ./coinlens run (it builds what is missing) or ./mvnw -DskipTests package.");
        }
    }

    private Map<Integer, String> ports(List<Component> components) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(KAFKA_PORT, "Kafka");
        ports.put(KAFKA_CONTROLLER_PORT, "Kafka controller");
        ports.put(POSTGRES_PORT, "PostgreSQL");
        ports.put(REDIS_PORT, "Redis");
        components.forEach(c -> ports.put(c.port(), c.name()));
        return ports;
    }

    private void refuseSecondRun() {
        Path pidFile = layout.run().resolve("devstack.pid");
        ChildProcesses.readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(DevStack.class.getName())).orElse(false))
                .ifPresent(p -> {
                    throw new StartupException("Coinlens is already running (pid " + p.pid()
                            + "). `./coinlens status` shows it; `./coinlens stop` stops it.");
                });
    }

    private void awaitReady(List<Component> components, long deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Map<String, ChildProcesses.Child> byName = children.children().stream()
                .collect(Collectors.toMap(ChildProcesses.Child::name, c -> c));
        List<Component> waiting = new ArrayList<>(components);
        while (!waiting.isEmpty()) {
            for (Component component : List.copyOf(waiting)) {
                ChildProcesses.Child child = byName.get(component.name());
                if (!child.process().isAlive()) {
                    throw new StartupException(component.name() + " exited with code " + child.process().exitValue()
                            + ". Its last log lines (" + layout.root().relativize(layout.log(component.name())) + "):\n"
                            + tail(layout.log(component.name()), 40));
                }
                if (isReady(http, component)) {
                    waiting.remove(component);
                    say("  %-20s ready after %.1f s".formatted(component.name(), seconds()));
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException("not ready after " + options.timeout().toSeconds() + " s: "
                        + waiting.stream().map(Component::name).collect(Collectors.joining(", "))
                        + ". Last log lines of " + waiting.get(0).name() + ":\n" + tail(layout.log(waiting.get(0).name()), 40));
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private void awaitListening(ChildProcesses.Child child, int port, long deadline) {
        while (!Ports.isListening(port)) {
            if (!child.process().isAlive()) {
                throw new StartupException(child.name() + " exited with code " + child.process().exitValue()
                        + ". Its last log lines:\n" + tail(layout.log(child.name()), 40));
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException(child.name() + " is not listening on port " + port + " after "
                        + options.timeout().toSeconds() + " s:\n" + tail(layout.log(child.name()), 40));
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StartupException startup) {
                throw startup;
            }
            throw new StartupException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    private static boolean isReady(HttpClient http, Component component) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(component.readinessUrl()))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void printTable(List<Component> components) {
        StringBuilder table = new StringBuilder();
        table.append("\nCoinlens is ready in %.1f s.%n%n".formatted(seconds()));
        table.append("  Public API    http://localhost:8080/api/v1/...\n");
        table.append("  Swagger UI    http://localhost:8080/swagger-ui.html\n");
        table.append("  Stream API    ws://localhost:8080/ws\n\n");
        table.append("  %-20s %-7s %-8s %s%n".formatted("COMPONENT", "PORT", "PID", "LOG"));
        Map<String, Long> pids = children.children().stream()
                .collect(Collectors.toMap(ChildProcesses.Child::name, c -> c.process().pid()));
        List<String> state = new ArrayList<>();
        for (Component component : components) {
            String log = layout.root().relativize(layout.log(component.name())).toString();
            table.append("  %-20s %-7d %-8d %s%n".formatted(component.name(), component.port(),
                    pids.get(component.name()), log));
            state.add(component.name() + "\t" + component.port() + "\t" + pids.get(component.name()) + "\t" + log);
        }
        table.append("  %-20s %-7d %-8d %s%n".formatted("kafka", KAFKA_PORT, pids.get("kafka"), ".devstack/logs/kafka.log"));
        table.append("  %-20s %-7d %-8s %s%n".formatted("postgresql", POSTGRES_PORT, "-", ".devstack/logs/postgresql.log"));
        table.append("  %-20s %-7d %-8s %s%n".formatted("redis", REDIS_PORT, "-", "-"));
        table.append("\n  Data is kept in .devstack/data across runs (--wipe starts afresh). Ctrl-C stops everything.\n");
        System.out.print(table);
        System.out.flush();
        try {
            Files.write(layout.run().resolve("components.tsv"), state);
        } catch (IOException ignored) {
            // status falls back to the pid files
        }
    }

    void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on Ctrl-C, SIGTERM or a failed start; leaves no process behind. */
    synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        say("stopping ...");
        // A service writing its class-data archive at exit needs several seconds more than a plain stop.
        children.stopAll(Duration.ofSeconds(120));
        closeQuietly(redis);
        closeQuietly(postgres);
        try {
            Files.deleteIfExists(layout.run().resolve("devstack.pid"));
            Files.deleteIfExists(layout.run().resolve("components.tsv"));
        } catch (IOException ignored) {
            // nothing to do
        }
        say("stopped.");
        stopped.countDown();
    }

    private void writePid(String name, long pid) {
        try {
            Files.writeString(layout.run().resolve(name + ".pid"), Long.toString(pid));
        } catch (IOException e) {
            throw new StartupException("cannot write " + layout.run() + ": " + e.getMessage(), e);
        }
    }

    static String tail(Path log, int lines) {
        if (!Files.exists(log)) {
            return "  (no log written)";
        }
        try (Stream<String> all = Files.lines(log)) {
            List<String> list = all.toList();
            return list.subList(Math.max(0, list.size() - lines), list.size()).stream()
                    .map(l -> "  | " + (l.length() > 400 ? l.substring(0, 400) + " ..." : l))
                    .collect(Collectors.joining("\n"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "  (cannot read " + log + ")";
        }
    }

    private double seconds() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    private static void say(String message) {
        System.out.println("[devstack] " + message);
        System.out.flush();
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            say("while stopping: " + e.getMessage());
        }
    }
}
