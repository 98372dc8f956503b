package io.coinlens.marketdata.bench;

import io.coinlens.contracts.Topic;
import io.coinlens.simulator.ExchangeSimulatorApplication;
import io.coinlens.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Ingestion throughput: the exchange simulator in load mode, in its own JVM (as in production the exchange is
 * another process) → market-data-service in this JVM (Binance connector, sequencer, publisher) → the embedded Kafka
 * broker, also in this JVM. Every {@code step} seconds and over the whole window it prints the trades/s offered
 * (the load rate asked for), made by the simulator (last trade id per symbol, from its {@code ticker/24hr}), counted
 * by the service ({@code coinlens_ingest_trades_total}) and written to {@code market.trades.v1}, then the service's
 * gap, loss and duplicate counters, CPU per process and per thread group, and finally reads the topic back to check
 * that every symbol's trade ids follow each other without a gap or a repeat.
 *
 * <p>Options as system properties: symbols (100), rate (60000), warmup (20 s), seconds (40), step (5 s),
 * streamsPerConnection (1024), simulatorJvmArgs ("-Xmx1g -XX:+UseG1GC"; add a JFR recording here), simulatorArgs
 * (more {@code --coinlens.simulator.*} settings, space-separated), verify (true).
 */
public final class IngestionBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int symbols = Integer.getInteger("symbols", 100);
        int rate = Integer.getInteger("rate", 60_000);
        int warmup = Integer.getInteger("warmup", 20);
        int seconds = Integer.getInteger("seconds", 40);
        int step = Integer.getInteger("step", 5);
        int streamsPerConnection = Integer.getInteger("streamsPerConnection", 1024);
        boolean verify = Boolean.parseBoolean(System.getProperty("verify", "true"));
        String simulatorJvmArgs = System.getProperty("simulatorJvmArgs", "-Xmx1g -XX:+UseG1GC");

        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
        String bootstrap = Infrastructure.kafka().getBrokersAsString();
        int simulatorPort = freePort();
        Process simulator = startSimulator(simulatorJvmArgs, simulatorPort, symbols, rate);
        HttpClient http = HttpClient.newHttpClient();
        try {
            awaitSimulator(http, simulatorPort, simulator);
            String canonical = IntStream.rangeClosed(1, symbols).mapToObj(i -> String.format("SYN%04d-USDT", i))
                    .collect(Collectors.joining(","));
            ConfigurableApplicationContext service = Bench.startService(
                    "--coinlens.market-data.binance.stream-url=ws://localhost:" + simulatorPort,
                    "--coinlens.market-data.binance.rest-url=http://localhost:" + simulatorPort,
                    "--coinlens.market-data.binance.api-key=bench",
                    "--coinlens.market-data.binance.symbols=" + canonical,
                    "--coinlens.market-data.binance.streams-per-connection=" + streamsPerConnection,
                    "--coinlens.market-data.coinbase.enabled=false");
            MeterRegistry registry = service.getBean(MeterRegistry.class);
            int connections = (symbols + Math.max(1, streamsPerConnection - 1) - 1) / Math.max(1, streamsPerConnection - 1);

            try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                System.out.printf(Locale.ROOT, "simulator (pid %d, %s): %d symbols at %,d trades/s offered; "
                                + "service: %d streams per connection = %d connections%n", simulator.pid(),
                        simulatorJvmArgs, symbols, rate, streamsPerConnection, connections);
                System.out.printf("warming up for %d s%n", warmup);
                Bench.sleep(warmup * 1000L);

                long t0 = System.nanoTime();
                long made0 = made(http, simulatorPort);
                double ingested0 = Bench.counter(registry, "coinlens.ingest.trades");
                long kafka0 = endOffsets(admin);
                Map<Long, long[]> cpu0 = Bench.threadCpu();
                long ownCpu0 = processCpuNanos();
                long simCpu0 = childCpuNanos(simulator);
                Map<String, Long> simThreads0 = threadCpuOf(simulator.pid());
                long made = made0;
                double ingested = ingested0;
                long kafka = kafka0;
                long last = t0;
                for (int elapsed = step; elapsed <= seconds; elapsed += step) {
                    Bench.sleep(Math.max(0, t0 / 1_000_000 + elapsed * 1000L - System.nanoTime() / 1_000_000));
                    long now = System.nanoTime();
                    long madeNow = made(http, simulatorPort);
                    double ingestedNow = Bench.counter(registry, "coinlens.ingest.trades");
                    long kafkaNow = endOffsets(admin);
                    double dt = (now - last) / 1e9;
                    System.out.printf(Locale.ROOT, "t=%3ds  made %,9.0f/s  ingested %,9.0f/s  in Kafka %,9.0f/s  "
                                    + "read ahead %,9.0f  behind %,9.0f%n", elapsed, (madeNow - made) / dt,
                            (ingestedNow - ingested) / dt, (kafkaNow - kafka) / dt,
                            gauge(registry, "coinlens.ingest.read.ahead"), behind(registry));
                    made = madeNow;
                    ingested = ingestedNow;
                    kafka = kafkaNow;
                    last = now;
                }
                double window = (last - t0) / 1e9;
                Map<Long, long[]> cpu1 = Bench.threadCpu();
                long ownCpu = processCpuNanos() - ownCpu0;
                long simCpu = childCpuNanos(simulator) - simCpu0;
                Map<String, Long> simThreads = threadCpuOf(simulator.pid());
                System.out.printf(Locale.ROOT, "%nover %.1f s: offered %,d/s, made %,.0f/s, ingested %,.0f/s, "
                                + "written to Kafka %,.0f/s%n", window, rate, (made - made0) / window,
                        (ingested - ingested0) / window, (kafka - kafka0) / window);
                for (String metric : List.of("coinlens.ingest.gaps", "coinlens.ingest.backfilled",
                        "coinlens.ingest.lost", "coinlens.ingest.duplicates",
                        "coinlens.ingest.reconnects", "coinlens.ingest.malformed.frames",
                        "coinlens.ingest.publish.failures")) {
                    System.out.printf(Locale.ROOT, "  %-36s %,.0f%n", metric, Bench.counter(registry, metric));
                }
                System.out.printf(Locale.ROOT, "  %-36s %,.0f (still to backfill, or held back behind a gap)%n",
                        "coinlens.ingest.behind", behind(registry));
                double written = (kafka - kafka0) / window;
                System.out.printf(Locale.ROOT, "CPU over the window (2 cores = 2.00): simulator JVM %.2f cores, "
                                + "service + broker JVM %.2f cores; %.1f µs of CPU per trade written%n",
                        simCpu / 1e9 / window, ownCpu / 1e9 / window,
                        written == 0 ? Double.NaN : (simCpu + ownCpu) / 1e3 / window / written);
                System.out.println("simulator threads:");
                System.out.println(groupDelta(simThreads0, simThreads, window, 8));
                System.out.println("service + broker threads:");
                System.out.println(Bench.cpuProfile(cpu0, cpu1, window, 16));
                System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
            }
            double behindAtStop = behind(registry);
            service.close();
            // A backfill cut short by the stop passes nothing on after its gap: those trades are simply not in Kafka
            // (a restart backfills them from the checkpoint); a jump in the read-back is a trade given up on.
            double lost = Bench.counter(registry, "coinlens.ingest.lost");
            System.out.printf(Locale.ROOT, "after the service stopped: gaps %,.0f, lost %,.0f; %,.0f trades were still "
                    + "being backfilled or held back at the stop (not in Kafka, not lost)%n",
                    Bench.counter(registry, "coinlens.ingest.gaps"), lost, behindAtStop);
            if (verify) {
                verify(bootstrap, lost);
            }
        } finally {
            simulator.destroy();
            simulator.waitFor();
        }
        System.exit(0);
    }

    private static Process startSimulator(String jvmArgs, int port, int symbols, int rate) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        command.addAll(List.of("-jar", simulatorJar(),
                "--server.port=" + port,
                "--coinlens.simulator.load.symbols=" + symbols, "--coinlens.simulator.load.rate=" + rate,
                // History only serves backfill; keep it small so the simulator's heap stays out of the picture.
                "--coinlens.simulator.history.max-trades=20000",
                "--logging.structured.format.console=", "--logging.level.root=warn"));
        String extra = System.getProperty("simulatorArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        File log = new File("target/ingestion-benchmark-simulator.log");
        System.out.println("simulator: " + String.join(" ", command) + " (log: " + log + ")");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    /** The runnable jar next to the simulator's library jar (exec classifier), as devstack runs it. */
    private static String simulatorJar() throws Exception {
        String library = Path.of(ExchangeSimulatorApplication.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        String exec = System.getProperty("simulatorJar", library.replaceFirst("\\.jar$", "-exec.jar"));
        if (!new File(exec).isFile()) {
            throw new IllegalStateException("no runnable simulator jar at " + exec + " (install exchange-simulator)");
        }
        return exec;
    }

    private static void awaitSimulator(HttpClient http, int port, Process simulator) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!simulator.isAlive()) {
                throw new IllegalStateException("the simulator exited with " + simulator.exitValue());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v3/ping")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Bench.sleep(250);
        }
        throw new IllegalStateException("the simulator did not start in 120 s");
    }

    /** Trades made so far: ids start at 1 per symbol, so the sum of the last ids (weight 80 of the 6,000 a minute). */
    private static long made(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v3/ticker/24hr")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("ticker/24hr answered " + r.statusCode() + ": " + r.body());
        }
        long sum = 0;
        for (JsonNode t : JSON.readTree(r.body())) {
            if (t.path("symbol").asString("").startsWith("SYN")) {
                sum += Math.max(0, t.path("lastId").asLong());
            }
        }
        return sum;
    }

    private static long endOffsets(AdminClient admin) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(List.of(Topic.TRADES.topicName())).allTopicNames().get()
                .get(Topic.TRADES.topicName()).partitions()
                .forEach(p -> partitions.add(new TopicPartition(Topic.TRADES.topicName(), p.partition())));
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    /**
     * Reads {@code market.trades.v1} from the start and checks each key's trade ids: each one more than the one
     * before (a key lives in one partition, so its order is the publishing order).
     */
    private static double behind(MeterRegistry registry) {
        return gauge(registry, "coinlens.ingest.behind");
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.find(name).gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    private static void verify(String bootstrap, double lost) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "ingestion-benchmark-verify",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        Map<String, long[]> lastByKey = new HashMap<>();
        long records = 0;
        long breaks = 0;
        long skipped = 0;
        long repeats = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.TRADES.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    records++;
                    long id = tradeId(r.value());
                    long[] last = lastByKey.computeIfAbsent(r.key(), k -> new long[] {-1});
                    if (last[0] >= 0 && id <= last[0]) {
                        if (repeats++ < 5) {
                            System.out.printf(Locale.ROOT, "  repeated or out of order: %s #%d after #%d (partition %d,"
                                    + " offset %d)%n", r.key(), id, last[0], r.partition(), r.offset());
                        }
                    } else if (last[0] >= 0 && id != last[0] + 1) {
                        breaks++;
                        skipped += id - last[0] - 1;
                    }
                    last[0] = Math.max(last[0], id);
                }
            }
        }
        System.out.printf(Locale.ROOT, "read back %,d trades of %d symbols from %s: %d jumps in trade ids over %,d "
                        + "ids (the service counted %,.0f lost: %s), %d repeated or out-of-order ids%n", records,
                lastByKey.size(), Topic.TRADES.topicName(), breaks, skipped, lost,
                skipped == (long) lost ? "every jump is a counted loss" : "NOT all accounted for", repeats);
    }

    /** {@code "tradeId":123} without decoding the whole event. */
    private static long tradeId(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        int at = s.indexOf("\"tradeId\":");
        if (at < 0) {
            throw new IllegalStateException("no tradeId in " + s);
        }
        int from = at + "\"tradeId\":".length();
        int to = from;
        while (to < s.length() && Character.isDigit(s.charAt(to))) {
            to++;
        }
        return Long.parseLong(s.substring(from, to));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long childCpuNanos(Process process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** CPU ticks per thread of another process, from {@code /proc/<pid>/task/<tid>/stat}, keyed by tid and name. */
    private static Map<String, Long> threadCpuOf(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        File[] tasks = new File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return ticks;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the name.
                ticks.put(task.getName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            } catch (IOException | RuntimeException gone) {
                // The thread ended meanwhile.
            }
        }
        return ticks;
    }

    private static String groupDelta(Map<String, Long> before, Map<String, Long> after, double seconds, int top) {
        Map<String, Double> byGroup = new TreeMap<>();
        after.forEach((key, ticks) -> {
            String group = key.substring(key.indexOf(' ') + 1).replaceAll("[0-9]+", "N");
            // Linux counts in clock ticks of 1/100 s.
            byGroup.merge(group, (ticks - before.getOrDefault(key, 0L)) / 100.0 / seconds, Double::sum);
        });
        return byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "  %-60s %.2f cores", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
