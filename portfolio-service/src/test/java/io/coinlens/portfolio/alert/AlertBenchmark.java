package io.coinlens.portfolio.alert;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.EventCodec;
import io.coinlens.portfolio.PortfolioApplication;
import io.coinlens.testing.AccessTokens;
import io.coinlens.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.r2dbc.core.DatabaseClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Alert evaluation under load: {@code alerts} active price alerts over {@code symbols} symbols (thresholds spread
 * evenly over ±{@code spread} around each symbol's start price, half ABOVE, half BELOW, a hysteresis band), and trades
 * written to {@code market.trades.v1} (6 partitions, as in production) as a slow random walk per symbol by
 * {@link TradeProducer} in a JVM of its own. portfolio-service runs in this JVM on the embedded Kafka, PostgreSQL and
 * Redis of test-support. Nothing is asserted.
 *
 * <p>{@code mode=rate} (default): trades at {@code rate} per second for {@code seconds}; prints the rate offered, the
 * rate evaluated (offsets the listener's group committed), the alerts fired, and the latency from a trade entering
 * Kafka to its {@code AlertTriggered} on {@code portfolio.alerts.v1} (p50, p99, max); it starts sending once the
 * listener's group has every partition. {@code mode=backlog}: the
 * listener is stopped while {@code backlog} trades are written, then started; prints how fast it drains them.
 *
 * <p>Options (system properties): mode, alerts (100000), symbols (100), rate (50000), seconds (30), backlog
 * (1000000), warmup (0: seconds of trades at {@code rate} sent, evaluated and not counted before a rate run),
 * lead (0: seconds the same producer sends at {@code rate} right before the measured part of a rate run, without a
 * pause, as for a running service), step (0.00002, the walk's relative step), spread (0.02), armed ({@code all}: every alert armed, so the
 * half whose condition holds at the start price fire together on their symbol's first trade; {@code as-created}: armed
 * as {@code POST /api/v1/alerts} would arm them, so only crossings fire), consumers (the trade listener's concurrency,
 * default the service's), app (more service arguments, space-separated).
 */
public final class AlertBenchmark {

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("mode", "rate");
        int alerts = Integer.getInteger("alerts", 100_000);
        int symbols = Integer.getInteger("symbols", 100);
        double rate = Double.parseDouble(System.getProperty("rate", "50000"));
        int seconds = Integer.getInteger("seconds", 30);
        int warmup = Integer.getInteger("warmup", 0);
        int lead = Integer.getInteger("lead", 0);
        long backlog = Long.getLong("backlog", 1_000_000);
        String step = System.getProperty("step", "0.00002");
        double spread = Double.parseDouble(System.getProperty("spread", "0.02"));
        String armed = System.getProperty("armed", "all");
        String bootstrap = Infrastructure.kafka().getBrokersAsString();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("market.trades.v1", 6, (short) 1))).all().get();
        }

        List<String> appArgs = new ArrayList<>(List.of(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + Infrastructure.redisPort(),
                "--coinlens.postgres.host=localhost", "--coinlens.postgres.port=" + Infrastructure.postgres().getPort(),
                "--coinlens.postgres.database=postgres", "--coinlens.postgres.username=postgres",
                "--coinlens.postgres.password=postgres", "--coinlens.security.jwt.jwks-uri=" + AccessTokens.jwksUri(),
                // The topic is new: read it from its start, so a backlog written while the listener is stopped counts.
                "--coinlens.portfolio.alerts.trades-offset-reset=earliest",
                "--logging.structured.format.console=", "--logging.level.root=warn",
                "--logging.level.org.apache.kafka=error"));
        // More of the service's settings, e.g. -Dapp="--coinlens.portfolio.alerts.trade-poll-records=2000".
        if (!System.getProperty("app", "").isBlank()) {
            appArgs.addAll(List.of(System.getProperty("app").trim().split("\\s+")));
        }
        if (System.getProperty("consumers") != null) {
            appArgs.add("--coinlens.portfolio.alerts.trade-consumers=" + System.getProperty("consumers"));
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(PortfolioApplication.class)
                .run(appArgs.toArray(String[]::new));
        String outboxPoll = app.getEnvironment().getProperty("coinlens.portfolio.alerts.outbox-poll-interval", "500ms");
        String consumers = app.getEnvironment().getProperty("coinlens.portfolio.alerts.trade-consumers", "6 (default)");
        DatabaseClient db = app.getBean(DatabaseClient.class);
        db.sql("delete from alerts where user_id like 'bench-%'").fetch().rowsUpdated().block();
        // "all": every alert armed, so the half whose condition already holds at the start price all fire on their
        // symbol's first trade (a burst of about alerts/2 firings); "as-created": armed as POST /api/v1/alerts
        // arms them, i.e. not when the condition already holds, so only crossings fire.
        boolean asCreated = "as-created".equals(armed);
        long inserted = db.sql("insert into alerts (id, user_id, symbol, direction, threshold, hysteresis, "
                        + "cooldown_seconds, enabled, armed, created_at) select id, user_id, symbol, direction, "
                        + "threshold, 0.05, 0, true, case when not :asCreated then true when direction = 'ABOVE' "
                        + "then threshold > 100 else threshold < 100 end, now() from (select gen_random_uuid() id, "
                        + "'bench-' || (g % 1000) user_id, 'BEN' || lpad((g % :symbols)::text, 4, '0') || '-USDT' "
                        + "symbol, case when g % 2 = 0 then 'ABOVE' else 'BELOW' end direction, "
                        + "round((100 * (1 - :spread + 2 * :spread * random()))::numeric, 2) threshold "
                        + "from generate_series(1, :n) g) seeded")
                .bind("symbols", symbols).bind("spread", spread).bind("n", alerts).bind("asCreated", asCreated)
                .fetch().rowsUpdated().block();
        app.getBean(AlertBook.class).reload().block();
        System.out.printf("%,d alerts over %d symbols (thresholds 100 ± %.1f %%, band 0.05, armed: %s); mode %s; "
                        + "trade listener consumers %s; walk step %s; outbox poll %s; app %s; load average %.1f%n",
                inserted, symbols, spread * 100, armed, mode, consumers, step, outboxPoll,
                System.getProperty("app", ""), loadAverage());

        MeterRegistry meters = app.getBean(MeterRegistry.class);
        double firedAtStart = fired(meters);
        List<Long> latencies = new ArrayList<>();
        EventCodec codec = new EventCodec();
        CountDownLatch positioned = new CountDownLatch(1);
        Thread consumer = new Thread(() -> consume(bootstrap, codec, latencies, positioned), "alert-consumer");
        consumer.setDaemon(true);
        consumer.start();
        if (!positioned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the AlertTriggered consumer got no partitions in 30 s");
        }

        if ("backlog".equals(mode)) {
            MessageListenerContainer listener = app.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("portfolio-alerts");
            listener.stop();
            long evaluatedBefore = evaluated(bootstrap);
            String[] sent = produce(bootstrap, 0, 0, backlog, symbols, step, 0, n -> { });
            long written = Long.parseLong(sent[1]);
            System.out.printf("backlog of %,d trades written in %s s by the producer JVM; listener stopped%n",
                    written, sent[2]);
            long startedAt = System.nanoTime();
            listener.start();
            long target = evaluatedBefore + written;
            AtomicLong evaluatedNow = new AtomicLong(evaluatedBefore);
            try {
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    evaluatedNow.set(evaluated(bootstrap));
                    return evaluatedNow.get() >= target;
                });
            } catch (ConditionTimeoutException e) {
                // printed below as fewer drained than written
            }
            long last = evaluatedNow.get();
            double took = (System.nanoTime() - startedAt) / 1e9;
            System.out.printf("drained %,d of %,d in %.1f s: %,.0f trades/s evaluated (including the group join); "
                    + "alerts fired %,.0f%n", last - evaluatedBefore, written, took, (last - evaluatedBefore) / took,
                    fired(meters) - firedAtStart);
        } else {
            // Trades sent while the listener's group is still forming wait for it and start the run with a backlog.
            MessageListenerContainer listener = app.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("portfolio-alerts");
            long joining = System.nanoTime();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Collection<TopicPartition> assigned = listener.getAssignedPartitions();
                return assigned != null && assigned.size() == 6;
            });
            System.out.printf("trade listener assigned all 6 partitions %.1f s after the alerts were loaded%n",
                    (System.nanoTime() - joining) / 1e9);
            if (warmup > 0) {
                // As a running service is: its code compiled, its connections and statements in use.
                long before = evaluated(bootstrap);
                long written = Long.parseLong(produce(bootstrap, rate, warmup, 0, symbols, step, 0, n -> { })[1]);
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500))
                        .until(() -> evaluated(bootstrap) >= before + written);
                // The warm-up's AlertTriggered events must not count in the measured latencies.
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    synchronized (latencies) {
                        return latencies.size() >= fired(meters) - firedAtStart;
                    }
                });
                synchronized (latencies) {
                    latencies.clear();
                }
                System.out.printf("warm-up: %,d trades at the same rate for %d s, evaluated, not counted%n", written,
                        warmup);
            }
            // With a lead, one producer sends at the rate for that long first and the measured part follows without
            // a pause, as for a running service; the counts start when the producer says "warm".
            long evaluatedStart = evaluated(bootstrap);
            AtomicLong evaluatedBeforeAt = new AtomicLong(evaluatedStart);
            AtomicLong startedAtAt = new AtomicLong(System.nanoTime());
            AtomicLong warmSent = new AtomicLong();
            double[] firedBeforeAt = {fired(meters)};
            // The evaluated count every 5 s while sending: shows whether the listener fell behind steadily or stalled.
            List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.ScheduledExecutorService sampler =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            AtomicLong lastSample = new AtomicLong(evaluatedStart);
            java.util.function.LongConsumer measuring = sentSoFar -> {
                try {
                    warmSent.set(sentSoFar);
                    firedBeforeAt[0] = fired(meters);
                    long now = evaluated(bootstrap);
                    evaluatedBeforeAt.set(now);
                    lastSample.set(now);
                    startedAtAt.set(System.nanoTime());
                    synchronized (latencies) {
                        latencies.clear();
                    }
                    sampler.scheduleAtFixedRate(() -> {
                        try {
                            long at = evaluated(bootstrap);
                            progress.add(String.format("%,.0f/s", (at - lastSample.getAndSet(at)) / 5.0));
                        } catch (Exception e) {
                            progress.add("?");
                        }
                    }, 5, 5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            if (lead == 0) {
                measuring.accept(0);
            }
            String[] sent = produce(bootstrap, rate, seconds, 0, symbols, step, lead, measuring);
            sampler.shutdownNow();
            long evaluatedBefore = evaluatedBeforeAt.get();
            long startedAt = startedAtAt.get();
            double firedBefore = firedBeforeAt[0];
            if (lead > 0) {
                long behind = warmSent.get() + Long.parseLong(sent[1]) - (evaluated(bootstrap) - evaluatedStart);
                System.out.printf("lead: %,d trades at the rate for %d s before the measured part; at its start the "
                        + "listener was %,d trades behind, at the end of sending %,d%n", warmSent.get(), lead,
                        warmSent.get() - (evaluatedBefore - evaluatedStart), behind);
            }
            System.out.println("evaluated per 5 s while sending: " + String.join(", ", progress));
            double sending = Double.parseDouble(sent[2]);
            long evaluatedAtEnd = evaluated(bootstrap) - evaluatedBefore;
            double elapsed = (System.nanoTime() - startedAt) / 1e9;
            Thread.sleep(10_000);
            long evaluatedLater = evaluated(bootstrap) - evaluatedBefore;
            long written = Long.parseLong(sent[1]);
            double firedCount = fired(meters) - firedBefore;
            List<Long> sorted;
            synchronized (latencies) {
                sorted = latencies.stream().sorted().collect(Collectors.toList());
            }
            System.out.printf("offered %,d trades in %.1f s (%,.0f/s); evaluated (committed) %,d by the end of "
                            + "sending (%,.0f/s over %.1f s), %,d 10 s later%n", written, sending, written / sending,
                    evaluatedAtEnd, evaluatedAtEnd / elapsed, elapsed, evaluatedLater);
            System.out.printf("alerts fired %,.0f; AlertTriggered received %,d%n", firedCount, sorted.size());
            if (!sorted.isEmpty()) {
                System.out.printf("trade in Kafka -> AlertTriggered on its topic: p50 %d ms, p90 %d ms, p99 %d ms, "
                        + "max %d ms%n", pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99),
                        sorted.get(sorted.size() - 1));
            }
        }
        System.out.printf("load average at the end %.1f%n", loadAverage());
        app.close();
        System.exit(0);
    }

    /** Runs {@link TradeProducer} in its own JVM and returns its last line, split on spaces. */
    private static String[] produce(String bootstrap, double rate, int seconds, long count, int symbols, String step,
            int lead, java.util.function.LongConsumer atWarm) throws Exception {
        Process producer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                TradeProducer.class.getName(), bootstrap, Double.toString(rate), Integer.toString(seconds),
                Long.toString(count), Integer.toString(symbols), step, Integer.toString(lead))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(producer.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("warm ")) {
                    atWarm.accept(Long.parseLong(line.substring(5).trim()));
                }
                last = line;
            }
        }
        if (producer.waitFor() != 0 || last == null || !last.startsWith("sent ")) {
            throw new IllegalStateException("the trade producer failed: " + last);
        }
        return last.split(" ");
    }

    /** Counts {@code positioned} down once it reads from the end of every partition, so no firing is missed. */
    private static void consume(String bootstrap, EventCodec codec, List<Long> latencies, CountDownLatch positioned) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
                "alert-benchmark-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("portfolio.alerts.v1"), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Resolves "latest" now rather than at the first fetch.
                    partitions.forEach(consumer::position);
                    positioned.countDown();
                }
            });
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    AlertTriggered alert = codec.decode(r.value(), AlertTriggered.class).orElseThrow();
                    if (alert.userId().startsWith("bench-")) {
                        synchronized (latencies) {
                            latencies.add(r.timestamp() - alert.triggeredAt());
                        }
                    }
                }
            }
        }
    }

    /** Trades the alert listener's consumer group has committed, over every partition. */
    private static long evaluated(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("portfolio-alerts")
                    .partitionsToOffsetAndMetadata().get();
            return committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static double fired(MeterRegistry meters) {
        return meters.find("coinlens.alerts.fired").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static long pct(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
