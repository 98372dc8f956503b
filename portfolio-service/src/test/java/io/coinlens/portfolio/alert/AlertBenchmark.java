package io.coinlens.portfolio.alert;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.portfolio.PortfolioApplication;
import io.coinlens.testing.AccessTokens;
import io.coinlens.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Alert evaluation under load: {@code alerts} active price alerts over {@code symbols} symbols (thresholds spread
 * evenly over ±{@code spread} around each symbol's start price, half ABOVE, half BELOW, a hysteresis band), and trades
 * written to {@code market.trades.v1} at {@code rate} per second as a slow random walk per symbol, for
 * {@code seconds}. Prints the trades sent and evaluated, the alerts fired, and the latency from a trade entering
 * Kafka to its {@code AlertTriggered} on {@code portfolio.alerts.v1} (p50, p99, max). portfolio-service runs in this
 * JVM on the embedded Kafka, PostgreSQL and Redis of test-support. Nothing is asserted.
 * Options (system properties): alerts (100000), symbols (100), rate (50000), seconds (30), step (0.00002, the walk's
 * relative step), spread (0.02), armed ({@code all}: every alert armed, so the half whose condition holds at the start
 * price fire together on their symbol's first trade; {@code as-created}: armed as {@code POST /api/v1/alerts} would
 * arm them, so only crossings fire).
 */
public final class AlertBenchmark {

    public static void main(String[] args) throws Exception {
        int alerts = Integer.getInteger("alerts", 100_000);
        int symbols = Integer.getInteger("symbols", 100);
        double rate = Double.parseDouble(System.getProperty("rate", "50000"));
        int seconds = Integer.getInteger("seconds", 30);
        double step = Double.parseDouble(System.getProperty("step", "0.00002"));
        double spread = Double.parseDouble(System.getProperty("spread", "0.02"));
        String armed = System.getProperty("armed", "all");
        String bootstrap = Infrastructure.kafka().getBrokersAsString();

        ConfigurableApplicationContext app = new SpringApplicationBuilder(PortfolioApplication.class).run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + Infrastructure.redisPort(),
                "--coinlens.postgres.host=localhost", "--coinlens.postgres.port=" + Infrastructure.postgres().getPort(),
                "--coinlens.postgres.database=postgres", "--coinlens.postgres.username=postgres",
                "--coinlens.postgres.password=postgres", "--coinlens.security.jwt.jwks-uri=" + AccessTokens.jwksUri(),
                "--logging.structured.format.console=", "--logging.level.root=warn",
                "--logging.level.org.apache.kafka=error");
        String outboxPoll = app.getEnvironment().getProperty("coinlens.portfolio.alerts.outbox-poll-interval", "500ms");
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
        System.out.printf("%,d alerts over %d symbols (thresholds 100 ± %.1f %%, band 0.05, armed: %s); trades at %,.0f/s "
                + "for %d s, walk step %.4f %%; outbox poll %s; load average %.1f%n", inserted, symbols, spread * 100, armed,
                rate, seconds, step * 100, outboxPoll, loadAverage());

        MeterRegistry meters = app.getBean(MeterRegistry.class);
        double firedBefore = fired(meters);
        List<Long> latencies = new ArrayList<>();
        EventCodec codec = new EventCodec();
        CountDownLatch positioned = new CountDownLatch(1);
        Thread consumer = new Thread(() -> consume(bootstrap, codec, latencies, positioned), "alert-consumer");
        consumer.setDaemon(true);
        consumer.start();
        if (!positioned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the AlertTriggered consumer got no partitions in 30 s");
        }

        byte[] type = "TradeRecorded".getBytes(StandardCharsets.UTF_8);
        double[] prices = new double[symbols];
        Arrays.fill(prices, 100.0);
        Random random = new Random(42);
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 131072, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; sent < due; sent++) {
                    int s = random.nextInt(symbols);
                    prices[s] *= 1 + step * random.nextGaussian();
                    long now = System.currentTimeMillis();
                    String symbol = String.format("BEN%04d-USDT", s);
                    TradeRecorded trade = new TradeRecorded("binance", symbol, sent + 1,
                            BigDecimal.valueOf(prices[s]).setScale(4, java.math.RoundingMode.HALF_EVEN),
                            BigDecimal.ONE, random.nextBoolean(), now, now);
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>("market.trades.v1", null, now,
                            trade.key(), codec.encode(trade));
                    record.headers().add(EventHeaders.TYPE_ID, type);
                    producer.send(record);
                }
                Thread.sleep(1);
            }
        }
        double sendRate = sent / (double) seconds;
        long evaluatedAtEnd = evaluated(bootstrap);
        Thread.sleep(10_000);
        long evaluatedLater = evaluated(bootstrap);
        double firedCount = fired(meters) - firedBefore;
        List<Long> sorted;
        synchronized (latencies) {
            sorted = latencies.stream().sorted().collect(Collectors.toList());
        }
        System.out.printf("sent %,d trades (%,.0f/s); evaluated by the end of sending %,d, 10 s later %,d%n", sent,
                sendRate, evaluatedAtEnd, evaluatedLater);
        System.out.printf("alerts fired %,.0f; AlertTriggered received %,d%n", firedCount, sorted.size());
        if (!sorted.isEmpty()) {
            System.out.printf("trade in Kafka -> AlertTriggered on its topic: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                    pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted.get(sorted.size() - 1));
        }
        System.out.printf("load average at the end %.1f%n", loadAverage());
        app.close();
        System.exit(0);
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
