package io.coinlens.gateway.bench;

import io.coinlens.benchmark.DirectService;
import io.coinlens.gateway.GatewayApplication;
import io.coinlens.gateway.support.TestTokens;
import io.coinlens.testing.Infrastructure;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Gateway overhead, side by side in one run: a trivial authenticated route of a service built like ours
 * ({@link DirectService}, its own JVM) called directly, and a second JVM of the same service through the gateway (its
 * own JVM) with a valid JWT and rate limiting on (limits too high to throttle). For each: throughput at
 * saturation (closed loop, fixed concurrency), then latency at half the gateway's saturating rate (open loop,
 * measured from the scheduled send time, so a stall is not hidden). Loopback only; bounded in requests and time.
 * Run it with the command in gateway/BENCHMARKS-gateway.md; it prints its figures and asserts nothing.
 */
public final class GatewayBenchmark {

    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
    /** Long: on a shared 2-CPU machine the gateway's JIT needs a minute or more to settle. */
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup", 60));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    private static final Duration LATENCY_WARM_UP = Duration.ofSeconds(Long.getLong("bench.latencyWarmup", 2));
    private static final Duration FIRST_LATENCY_WARM_UP =
            Duration.ofSeconds(Long.getLong("bench.firstLatencyWarmup", 30));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 4);
    private static final long MAX_REQUESTS_PER_PHASE = 5_000_000;
    private static final String PATH = "/api/v1/portfolios/bench";

    private GatewayBenchmark() {
    }

    private static String loadBefore = "?";

    public static void main(String[] args) throws Exception {
        loadBefore = loadAverage();
        int redisPort = Infrastructure.redisPort();
        String token = TestTokens.forUser("bench-user").expiresAt(java.time.Instant.now().plus(Duration.ofHours(2)))
                .build();
        Service service = Service.start("service");
        // Behind the gateway, a service JVM of its own: in production a service sees only the gateway's traffic, and
        // one JVM serving both targets in turn recompiles whenever the traffic changes (-Dbench.sharedService).
        Service upstream = Boolean.getBoolean("bench.sharedService") ? service : Service.start("upstream");
        int gatewayPort = freePort();
        int managementPort = freePort();
        Process gateway = startGateway(gatewayPort, managementPort, redisPort,
                "http://127.0.0.1:" + upstream.port(), TestTokens.jwksUri());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::destroyForcibly));
        try {
            for (Service each : new LinkedHashSet<>(List.of(service, upstream))) {
                awaitReady(each.name(), each.managementPort(), each.process());
            }
            awaitReady("gateway", managementPort, gateway);
            long hold = Long.getLong("bench.hold", 0);
            if (hold > 0) {
                // For looking at the gateway by hand before the load starts.
                System.out.printf("service :%d, gateway :%d, management :%d, token %s%n", service.port(),
                        gatewayPort, managementPort, token);
                Thread.sleep(hold * 1000);
            }
            LoopResources loops = LoopResources.create("bench", 1, true);
            ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(CONCURRENCY * 2)
                    .pendingAcquireMaxCount(-1).build();
            // One event loop, which also sends the open loop's requests: no thread hand-offs in the generator.
            EventLoop loop = loops.onClient(true).next();
            HttpClient http = HttpClient.create(pool).runOn(loop).responseTimeout(Duration.ofSeconds(30))
                    .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token));
            long generator = ProcessHandle.current().pid();
            long redis = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").contains("redis")).findFirst()
                    .map(ProcessHandle::pid).orElse(-1L);
            // Each target's processes, for its cost per request and its stall timeline.
            Target direct = new Target("direct", http.baseUrl("http://127.0.0.1:" + service.port()), loop,
                    Map.of("generator", Map.entry(generator, "bench-epoll"),
                            "service", Map.entry(service.process().pid(), "reactor-http")), redis);
            Target viaGateway = new Target("gateway", http.baseUrl("http://127.0.0.1:" + gatewayPort), loop,
                    Map.of("generator", Map.entry(generator, "bench-epoll"),
                            "gateway", Map.entry(gateway.pid(), "reactor-http"),
                            upstream.name(), Map.entry(upstream.process().pid(), "reactor-http")), redis);

            for (Target target : List.of(direct, viaGateway)) {
                target.closedLoop(WARM_UP);
            }
            // Each phase in ROUNDS rounds, the two targets taking turns (ABBA order), so that what the shared machine
            // does meanwhile falls on both alike.
            Duration round = MEASURE.dividedBy(ROUNDS);
            for (int r = 0; r < ROUNDS; r++) {
                for (Target target : turn(r, direct, viaGateway)) {
                    ProcessMeter.Snapshot before = target.meter.snapshot();
                    Saturation measured = target.closedLoop(round);
                    target.saturationCost.add(before, target.meter.snapshot());
                    target.saturation = target.saturation == null ? measured : target.saturation.plus(measured);
                }
            }
            // Half the gateway's saturation, or a rate given to compare runs at one rate (-Dbench.latencyRate).
            double rate = Double.parseDouble(System.getProperty("bench.latencyRate",
                    Double.toString(viaGateway.saturation.throughput() / 2)));
            // The JVMs recompile when their traffic turns from the closed loop (many requests per read) to the open
            // loop (one at a time): long enough at the rate for that to settle, not recorded.
            for (Target target : List.of(direct, viaGateway)) {
                target.openLoop(rate, FIRST_LATENCY_WARM_UP, "first warm-up, not recorded");
            }
            for (int r = 0; r < ROUNDS; r++) {
                for (Target target : turn(r, direct, viaGateway)) {
                    // The target was idle during the other's round: a moment at the rate first, not recorded.
                    target.openLoop(rate, LATENCY_WARM_UP, "warm-up, not recorded");
                    ProcessMeter.Snapshot before = target.meter.snapshot();
                    Latency measured = target.openLoop(rate, round, "round " + (r + 1));
                    target.latencyCost.add(before, target.meter.snapshot());
                    target.latency = target.latency == null ? measured : target.latency.plus(measured);
                }
            }
            report(direct, viaGateway, rate);
            pool.disposeLater().block(Duration.ofSeconds(5));
            loops.disposeLater().block(Duration.ofSeconds(5));
        } finally {
            for (Process process : new LinkedHashSet<>(List.of(gateway, service.process(),
                    upstream.process()))) {
                process.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
            }
            Infrastructure.stopRedis();
        }
        System.exit(0);
    }

    /** A service built like every Coinlens service (DirectService), in its own JVM. */
    record Service(String name, Process process, int port, int managementPort) {

        static Service start(String name) throws IOException {
            int port = freePort();
            int managementPort = freePort();
            Process process = startJvm(name, serviceClasspath(), DirectService.class.getName(), List.of(
                    "--server.port=" + port,
                    "--management.server.port=" + managementPort,
                    "--spring.application.name=bench-" + name,
                    "--coinlens.security.jwt.jwks-uri=" + TestTokens.jwksUri(),
                    // No Kafka in this benchmark; the starter's Kafka support stays off without it.
                    "--spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
                    "--logging.level.root=warn"));
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return new Service(name, process, port, managementPort);
        }
    }

    /** Round r's order: A then B in even rounds, B then A in odd ones (ABBA). */
    private static List<Target> turn(int round, Target a, Target b) {
        return round % 2 == 0 ? List.of(a, b) : List.of(b, a);
    }

    private static Process startGateway(int port, int managementPort, int redisPort, String service, String jwks)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort,
                "--coinlens.gateway.jwt.jwks-uri=" + jwks,
                "--coinlens.gateway.rate-limit.api.capacity=1000000000",
                "--coinlens.gateway.rate-limit.api.refill-per-second=100000000",
                "--logging.level.root=warn"));
        // Extra gateway arguments, to see what a setting costs (e.g. -Dbench.gatewayArgs="--a=b --c=d").
        String extra = System.getProperty("bench.gatewayArgs", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        for (String name : List.of("user-service", "market-data-service", "analytics-service", "sentiment-service",
                "portfolio-service", "ml-service")) {
            args.add("--coinlens.gateway.services." + name + "=" + service);
        }
        return startJvm("gateway", gatewayClasspath(), GatewayApplication.class.getName(), args);
    }

    /** Gateway and service get the same JVM settings: one small heap, Serial GC, as they are deployed. */
    private static Process startJvm(String name, String classpath, String mainClass, List<String> args)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC"));
        // Extra JVM options for both, e.g. GC or safepoint logging (-Dbench.jvmArgs="-Xlog:gc:file=/tmp/%p-gc.log").
        String extra = System.getProperty("bench.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        Path log = Files.createTempFile(name + "-bench", ".log");
        System.out.println(name + " log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The direct service's classpath (-Dbench.serviceClasspath): service-starter's runtime classpath, as a Coinlens
     * service has it, without the gateway's jars (Spring Cloud Gateway would configure itself in the service too).
     */
    private static String serviceClasspath() {
        String runtime = System.getProperty("bench.serviceClasspath");
        if (runtime == null) {
            throw new IllegalStateException("-Dbench.serviceClasspath is required; see gateway/BENCHMARKS-gateway.md");
        }
        return "gateway/target/test-classes:service-starter/target/classes:" + runtime;
    }

    /**
     * The gateway's own runtime classpath when given (-Dbench.gatewayClasspath): the test classpath carries test-only
     * jars that change what Boot configures (commons-pool2 via embedded-redis turned on Lettuce pooling).
     */
    private static String gatewayClasspath() {
        String runtime = System.getProperty("bench.gatewayClasspath");
        return runtime == null ? System.getProperty("java.class.path") : "gateway/target/classes:" + runtime;
    }

    private static void awaitReady(String name, int managementPort, Process process) {
        java.net.http.HttpClient probe = java.net.http.HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        Awaitility.await("the " + name + " to get ready").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .failFast("the " + name + " exited", () -> !process.isAlive())
                // Not listening yet.
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> probe.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static void report(Target direct, Target gateway, double rate) {
        String cpus = Runtime.getRuntime().availableProcessors() + " CPUs";
        System.out.printf("%nGateway benchmark (%s, Java %s, concurrency %d, %d s warm-up, %d s per phase in %d"
                        + " alternating rounds, %d s at the latency rate first, %s, gateway args: %s,"
                        + " load average before: %s)%n", cpus, Runtime.version(), CONCURRENCY, WARM_UP.toSeconds(),
                MEASURE.toSeconds(), ROUNDS, FIRST_LATENCY_WARM_UP.toSeconds(),
                Boolean.getBoolean("bench.sharedService") ? "one service for both targets" : "a service per target",
                System.getProperty("bench.gatewayArgs", "none"), loadBefore);
        System.out.printf("%-8s %14s %8s %12s %12s %12s %8s%n", "target", "saturation/s", "errors",
                "p50 ms", "p99 ms", "p99.9 ms", "errors");
        for (Target target : List.of(direct, gateway)) {
            System.out.printf("%-8s %14.0f %8d %12.3f %12.3f %12.3f %8d%n", target.name,
                    target.saturation.throughput(), target.saturation.errors(),
                    millis(target.latency.histogram().getValueAtPercentile(50)),
                    millis(target.latency.histogram().getValueAtPercentile(99)),
                    millis(target.latency.histogram().getValueAtPercentile(99.9)), target.latency.errors());
        }
        for (Target target : List.of(direct, gateway)) {
            System.out.printf("cost per request, %s at saturation:%n%s", target.name,
                    target.saturationCost.describe(target.saturation.ok() + target.saturation.errors()));
            System.out.printf("cost per request, %s at the latency rate:%n%s", target.name,
                    target.latencyCost.describe(target.latency.histogram().getTotalCount()));
        }
        double ratio = gateway.saturation.throughput() / direct.saturation.throughput();
        double addedP50 = millis(gateway.latency.histogram().getValueAtPercentile(50))
                - millis(direct.latency.histogram().getValueAtPercentile(50));
        double addedP99 = millis(gateway.latency.histogram().getValueAtPercentile(99))
                - millis(direct.latency.histogram().getValueAtPercentile(99));
        System.out.printf("latency measured at %.0f req/s (%s) for both%n", rate,
                System.getProperty("bench.latencyRate") == null ? "half the gateway's saturation" : "as given");
        double steal = Math.max(direct.latencyCost.stealPercent(), gateway.latencyCost.stealPercent());
        if (steal > 5) {
            // Another guest of the host had the CPUs: latency then measures the host, not the targets.
            System.out.printf("warning: %.0f %% of the CPU time was stolen by the hypervisor during the latency"
                    + " phase; its figures are not comparable%n", steal);
        }
        double compiling = Math.max(direct.latencyCost.mostCompilingMillisPerSecond(),
                gateway.latencyCost.mostCompilingMillisPerSecond());
        if (compiling > 20) {
            // A JVM still recompiling queues requests behind its compiler threads on a small machine.
            System.out.printf("warning: a JIT compiler took %.0f ms/s during the latency phase; compilation had not"
                    + " settled (longer -Dbench.firstLatencyWarmup)%n", compiling);
        }
        System.out.printf("gateway/direct throughput: %.1f %% (target >= 50 %%)%n", ratio * 100);
        System.out.printf("added p50: %.3f ms (target <= 2 ms), added p99: %.3f ms (target <= 10 ms)%n",
                addedP50, addedP99);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    record Saturation(long ok, long errors, double seconds) {

        double throughput() {
            return ok / seconds;
        }

        Saturation plus(Saturation other) {
            return new Saturation(ok + other.ok, errors + other.errors, seconds + other.seconds);
        }
    }

    record Latency(Histogram histogram, long errors) {

        Latency plus(Latency other) {
            Histogram both = histogram.copy();
            both.add(other.histogram);
            return new Latency(both, errors + other.errors);
        }
    }

    static final class Target {

        final String name;
        final HttpClient http;
        final EventLoop loop;
        Saturation saturation;
        Latency latency;
        final ProcessMeter.Cost saturationCost = new ProcessMeter.Cost();
        final ProcessMeter.Cost latencyCost = new ProcessMeter.Cost();
        final ProcessMeter meter = new ProcessMeter();
        /** For -Dbench.stalls: each of its processes' pid and the name prefix of its event loop threads. */
        final Map<String, Map.Entry<Long, String>> watched = new TreeMap<>();

        Target(String name, HttpClient http, EventLoop loop, Map<String, Map.Entry<Long, String>> processes,
                long redis) {
            this.name = name;
            this.http = http;
            this.loop = loop;
            watched.putAll(processes);
            watched.forEach((process, pidAndLoops) -> meter.process(process, pidAndLoops.getKey()));
            if (redis > 0) {
                meter.process("redis", redis);
            }
        }

        /** One request; an answer that takes over 30 s counts as an error (the client's response timeout). */
        Mono<Integer> call() {
            return http.get().uri(PATH).responseSingle((response, body) -> body.then(
                    Mono.just(response.status().code())));
        }

        /** CONCURRENCY requests always in flight, for {@code duration}: the most it can do. */
        Saturation closedLoop(Duration duration) {
            AtomicLong ok = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long end = System.nanoTime() + duration.toNanos();
            long start = System.nanoTime();
            Flux.range(0, CONCURRENCY)
                    .flatMap(worker -> call()
                            .doOnNext(status -> (status == 200 ? ok : errors).incrementAndGet())
                            .onErrorResume(e -> {
                                errors.incrementAndGet();
                                if (errors.get() <= 3) {
                                    System.out.println(name + ": " + e);
                                }
                                return Mono.empty();
                            })
                            .repeat(() -> System.nanoTime() < end
                                    && ok.get() + errors.get() < MAX_REQUESTS_PER_PHASE), CONCURRENCY)
                    .blockLast(duration.plusSeconds(60));
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Saturation(ok.get(), errors.get(), seconds);
        }

        /**
         * Requests sent on a fixed schedule, whatever the answers do; latency from the scheduled time. Sent from the
         * client's own event loop (a timer per send), so that the generator costs the machine as little as it can.
         */
        Latency openLoop(double rate, Duration duration, String phase) {
            ConcurrentHistogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
            AtomicLong errors = new AtomicLong();
            AtomicLong outstanding = new AtomicLong();
            CountDownLatch allSent = new CountDownLatch(1);
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            long end = start + duration.toNanos();
            // The worst latency of each 50 ms of send times, to line stalls up with GC or safepoint logs.
            long startMillis = System.currentTimeMillis() + 10;
            AtomicLongArray worst = new AtomicLongArray((int) (duration.toMillis() / 50) + 2);
            LoopWatch watch = Boolean.getBoolean("bench.stalls")
                    ? new LoopWatch(watched, start, worst.length()) : null;
            Runnable sender = new Runnable() {
                private long sent;

                @Override
                public void run() {
                    long now = System.nanoTime();
                    while (true) {
                        long due = start + sent * interval;
                        if (due > end || sent >= MAX_REQUESTS_PER_PHASE) {
                            allSent.countDown();
                            return;
                        }
                        if (due > now) {
                            loop.schedule(this, due - now, TimeUnit.NANOSECONDS);
                            return;
                        }
                        outstanding.incrementAndGet();
                        call().subscribe(status -> {
                            long took = System.nanoTime() - due;
                            histogram.recordValue(Math.min(took, histogram.getHighestTrackableValue()));
                            worst.accumulateAndGet((int) ((due - start) / 50_000_000), took, Math::max);
                            if (status != 200) {
                                errors.incrementAndGet();
                            }
                            outstanding.decrementAndGet();
                        }, e -> {
                            errors.incrementAndGet();
                            outstanding.decrementAndGet();
                        });
                        sent++;
                    }
                }
            };
            loop.execute(sender);
            try {
                allSent.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
                Awaitility.await("answers to the open loop").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(10)).until(() -> outstanding.get() == 0);
            } catch (ConditionTimeoutException e) {
                // Each call times out after 30 s itself, as an error; the histogram has what was answered.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (watch != null) {
                watch.stop();
            }
            if (Boolean.getBoolean("bench.stalls")) {
                for (int i = 0; i < worst.length(); i++) {
                    if (worst.get(i) > 20_000_000) {
                        System.out.printf("%s stall (%s): requests due at %s waited up to %.1f ms;%s%n", name,
                                phase, java.time.Instant.ofEpochMilli(startMillis + i * 50L), worst.get(i) / 1e6,
                                watch == null ? "" : watch.describe(i));
                    }
                }
            }
            return new Latency(histogram, errors.get());
        }
    }
}
