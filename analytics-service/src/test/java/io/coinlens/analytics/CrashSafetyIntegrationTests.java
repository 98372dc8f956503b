package io.coinlens.analytics;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.simulator.market.Candle;
import io.coinlens.simulator.market.SeriesCatalog;
import io.coinlens.simulator.market.TradeGenerator;
import io.coinlens.testing.Infrastructure;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays ~100,000 generated trades (real BTC-USD and ETH-USD 4h candles, one per minute) into the analytics service
 * running as a child JVM, kills that JVM with SIGKILL three times while the topology works through them, and then
 * checks PostgreSQL against an offline recomputation: every candle of every interval present, closed, and exactly
 * right; and on the candle topic every candle closed exactly once.
 *
 * <p>It uses its own embedded Kafka broker (in this JVM): an {@code AnalyticsServiceIntegrationTests} context cached in
 * the same JVM would otherwise join the same consumer groups on the shared broker and take partitions from the child.
 */
class CrashSafetyIntegrationTests {

    private static final String EXCHANGE = "crashtest";
    private static final long T0 = 1_763_769_600_000L; // 2025-11-22T00:00Z, aligned to every interval
    private static final int CANDLES_PER_SYMBOL = 1_300;
    private static final int TRADES_PER_CANDLE = 40;
    private static final int MIN_TRADES = 100_000;
    private static final double[] KILL_AT = {0.15, 0.40, 0.65};
    private static final String APPLICATION_ID = "analytics-service";
    private static final Path LOGS = Path.of("target", "crash-safety");

    private final EventCodec codec = new EventCodec();
    private final List<Process> children = new ArrayList<>();
    private EmbeddedKafkaKraftBroker kafka;

    record SymbolSeries(String symbol, String series) {
    }

    record Sent(String symbol, TradeGenerator.GeneratedTrade trade) {
    }

    record Key(String symbol, String interval, long openTime) {
    }

    /** An offline candle: trades come in id order, so the first is the open and the last the close. */
    static final class Expected {
        BigDecimal open;
        BigDecimal high;
        BigDecimal low;
        BigDecimal close;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quoteVolume = BigDecimal.ZERO;
        long trades;

        void add(BigDecimal price, BigDecimal quantity) {
            if (open == null) {
                open = price;
                high = price;
                low = price;
            }
            high = high.max(price);
            low = low.min(price);
            close = price;
            volume = volume.add(quantity);
            quoteVolume = quoteVolume.add(price.multiply(quantity));
            trades++;
        }
    }

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void survivesThreeSigkillsWithoutLosingOrDoublingACandle() throws Exception {
        // The trades, and what they must add up to.
        List<SymbolSeries> symbols = List.of(new SymbolSeries("BTC-USD", SeriesCatalog.BTC_USD_4H),
                new SymbolSeries("ETH-USD", SeriesCatalog.ETH_USD_4H));
        SeriesCatalog catalog = new SeriesCatalog();
        TradeGenerator generator = new TradeGenerator(42, TRADES_PER_CANDLE);
        List<Sent> trades = new ArrayList<>();
        Map<String, Long> nextId = new HashMap<>();
        Map<Key, Candle> sourceMinutes = new HashMap<>();
        for (SymbolSeries s : symbols) {
            List<Candle> source = catalog.get(s.series()).candles();
            long id = 1;
            for (int i = 0; i < CANDLES_PER_SYMBOL; i++) {
                Candle c = source.get(i);
                Candle minute = new Candle(T0 + i * 60_000L, c.open(), c.high(), c.low(), c.close(), c.volume());
                sourceMinutes.put(new Key(s.symbol(), "1m", minute.openTime()), minute);
                for (TradeGenerator.GeneratedTrade t : generator.generate(s.symbol(), minute, 60_000L, id)) {
                    trades.add(new Sent(s.symbol(), t));
                    id = t.id() + 1;
                }
            }
            nextId.put(s.symbol(), id);
        }
        trades.sort(Comparator.comparingLong((Sent t) -> t.trade().time())); // stable: ids stay in order per symbol
        assertThat(trades).hasSizeGreaterThanOrEqualTo(MIN_TRADES);
        Map<Key, Expected> expected = new TreeMap<>(Comparator.comparing(Key::symbol)
                .thenComparing(Key::interval).thenComparingLong(Key::openTime));
        for (Sent s : trades) {
            for (Interval interval : Interval.values()) {
                expected.computeIfAbsent(new Key(s.symbol(), interval.code(),
                                interval.openTimeOf(s.trade().time())), k -> new Expected())
                        .add(s.trade().price(), s.trade().quantity());
            }
        }
        // The generator's promise, so a mismatch below is the service's fault: minutes rebuild the source candles.
        sourceMinutes.forEach((key, candle) -> {
            Expected e = expected.get(key);
            if (candle.volume().signum() > 0) {
                assertThat(e.open).isEqualByComparingTo(candle.open());
                assertThat(e.high).isEqualByComparingTo(candle.high());
                assertThat(e.low).isEqualByComparingTo(candle.low());
                assertThat(e.close).isEqualByComparingTo(candle.close());
                assertThat(e.volume).isEqualByComparingTo(candle.volume());
            }
        });

        // Its own broker, PostgreSQL and Redis of this JVM.
        kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.brokerProperties(Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "true"));
        kafka.afterPropertiesSet();
        String bootstrap = kafka.getBrokersAsString();
        DataSource postgres = Infrastructure.postgres().getPostgresDatabase();
        int postgresPort = Infrastructure.postgres().getPort();
        int redisPort = Infrastructure.redisPort();
        try (Connection c = postgres.getConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF to_regclass('analytics.candles') IS NOT NULL THEN "
                    + "DELETE FROM analytics.candles WHERE exchange = '" + EXCHANGE + "'; END IF; END $$");
        }
        Files.createDirectories(LOGS);
        Path stateDir = Files.createTempDirectory("analytics-crash-state");
        List<String> command = childCommand(bootstrap, postgresPort, redisPort, stateDir);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // The service's partition counts before the first trade: auto-created with the broker's default, the
            // topic would be widened by the service's KafkaAdmin later and move each symbol to another partition.
            List<NewTopic> topics = new ArrayList<>();
            for (Topic t : List.of(Topic.TRADES, Topic.CANDLES, Topic.INDICATORS, Topic.SIGNALS)) {
                topics.add(new NewTopic(t.topicName(), t.partitions(), (short) 1));
            }
            admin.createTopics(topics).all().get();
            awaitLeaders(admin);
            Process child = start(command, 0);
            // Replay at a steady pace while the child starts, crashes and restarts.
            AtomicInteger produced = new AtomicInteger();
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    produce(bootstrap, trades, produced);
                } catch (Throwable t) {
                    producerFailure.set(t);
                }
            }, "crash-test-producer");
            producer.start();

            for (int kill = 0; kill < KILL_AT.length; kill++) {
                long threshold = (long) (trades.size() * KILL_AT[kill]);
                long before = consumed(admin);
                Process victim = child;
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !victim.isAlive() || consumed(admin) >= threshold && consumed(admin) > before);
                assertThat(victim.isAlive()).as("child %d is running (see %s)", kill, LOGS).isTrue();
                long at = consumed(admin);
                assertThat(at).as("killed while trades were still being processed").isLessThan(trades.size());
                victim.destroyForcibly().waitFor();
                System.out.printf("crash test: SIGKILL %d after %d of %d trades committed%n", kill + 1, at,
                        trades.size());
                child = start(command, kill + 1);
            }
            producer.join();
            assertThat(producerFailure.get()).isNull();
            // A later trade per symbol closes every replayed candle, the 1d one included.
            try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
                for (SymbolSeries s : symbols) {
                    Sent last = trades.stream().filter(t -> t.symbol().equals(s.symbol()))
                            .reduce((a, b) -> b).orElseThrow();
                    long time = T0 + 2 * Interval.D1.millis() + 1_000;
                    p.send(record(new Sent(s.symbol(), new TradeGenerator.GeneratedTrade(nextId.get(s.symbol()),
                            last.trade().price(), BigDecimal.ONE, time, false)))).get();
                }
            }
            long sentinelDay = T0 + 2 * Interval.D1.millis();

            // Every replayed candle stored, closed and right (waits for the history sink to catch up).
            Process last = child;
            try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(last.isAlive()).as("last child alive").isTrue();
                Map<Key, CandleUpdated> stored = stored(postgres);
                assertThat(stored.keySet().stream().filter(k -> k.openTime() < sentinelDay)
                        .filter(k -> !stored.get(k).closed()).toList()).as("replayed candles still open").isEmpty();
                assertThat(stored.keySet().stream().filter(k -> k.openTime() < sentinelDay).toList())
                        .as("replayed candles in PostgreSQL").containsExactlyInAnyOrderElementsOf(expected.keySet());
            });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.printf("crash test: consumed %d of %d (+2 sentinels)%n", consumed(admin), trades.size());
                Map<Key, CandleUpdated> now = stored(postgres);
                now.forEach((k, c) -> {
                    if (!c.closed() || k.openTime() >= sentinelDay) {
                        System.out.println("crash test: open in PostgreSQL " + c);
                    }
                });
                Key probe = new Key("BTC-USD", "1m", T0 + (CANDLES_PER_SYMBOL - 1) * 60_000L);
                dump(bootstrap, admin, probe);
                throw e;
            }
            Map<Key, CandleUpdated> stored = stored(postgres);
            List<String> wrong = new ArrayList<>();
            expected.forEach((key, e) -> {
                CandleUpdated c = stored.get(key);
                if (!(c.open().compareTo(e.open) == 0 && c.high().compareTo(e.high) == 0
                        && c.low().compareTo(e.low) == 0 && c.close().compareTo(e.close) == 0
                        && c.volume().compareTo(e.volume) == 0 && c.quoteVolume().compareTo(e.quoteVolume) == 0
                        && c.trades() == e.trades)) {
                    wrong.add(key + ": stored " + c + ", expected o=" + e.open + " h=" + e.high + " l=" + e.low
                            + " c=" + e.close + " v=" + e.volume + " qv=" + e.quoteVolume + " n=" + e.trades);
                }
            });
            assertThat(wrong).as("candles that differ from the offline recomputation").isEmpty();
            for (Interval interval : Interval.values()) {
                assertThat(expected.keySet().stream().filter(k -> k.interval().equals(interval.code())))
                        .as("%s candles checked", interval.code()).isNotEmpty();
            }

            // Downstream of exactly-once: each candle published closed exactly once (read_committed).
            Map<Key, Integer> closings = closings(bootstrap, admin);
            List<Key> notOnce = expected.keySet().stream().filter(k -> closings.getOrDefault(k, 0) != 1).toList();
            assertThat(notOnce).as("candles not closed exactly once on " + Topic.CANDLES.topicName()).isEmpty();
            System.out.printf("crash test: %d trades, %d candles checked after 3 SIGKILLs%n", trades.size(),
                    expected.size());
        }
    }

    private List<String> childCommand(String bootstrap, int postgresPort, int redisPort, Path stateDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), AnalyticsApplication.class.getName(),
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--coinlens.postgres.host=localhost",
                "--coinlens.postgres.port=" + postgresPort,
                "--coinlens.postgres.database=postgres",
                "--coinlens.postgres.username=postgres",
                "--coinlens.postgres.password=postgres",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort,
                "--spring.kafka.streams.state-dir=" + stateDir,
                // A SIGKILLed member keeps its partitions until its session expires: the broker's minimum, not 45 s.
                "--spring.kafka.streams.properties.session.timeout.ms=6000",
                "--spring.kafka.streams.properties.heartbeat.interval.ms=1500",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1500",
                "--logging.level.org.apache.kafka.streams=info");
    }

    private Process start(List<String> command, int n) throws IOException {
        File log = LOGS.resolve("child-" + n + ".log").toFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
        children.add(p);
        return p;
    }

    private void produce(String bootstrap, List<Sent> trades, AtomicInteger produced) throws Exception {
        int perTick = 250; // ~5,000 trades/s: the replay spans the crashes instead of landing before the first start
        try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
            for (int i = 0; i < trades.size(); i += perTick) {
                long tick = System.nanoTime();
                for (Sent t : trades.subList(i, Math.min(trades.size(), i + perTick))) {
                    p.send(record(t), (meta, e) -> {
                        if (e != null) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                produced.addAndGet(Math.min(perTick, trades.size() - i));
                long sleep = 50 - (System.nanoTime() - tick) / 1_000_000;
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
            p.flush();
        }
    }

    private KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    private ProducerRecord<String, byte[]> record(Sent s) {
        TradeGenerator.GeneratedTrade t = s.trade();
        TradeRecorded trade = new TradeRecorded(EXCHANGE, s.symbol(), t.id(), t.price(), t.quantity(),
                t.buyerMaker(), t.time(), t.time() + 5);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.TRADES.topicName(), trade.key(),
                codec.encode(trade));
        record.headers().add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * Sending before every new partition has a leader can leave the idempotent producer's first batch for that
     * partition retrying forever (OUT_OF_ORDER_SEQUENCE_NUMBER) while later batches land: those trades would be lost.
     */
    private static void awaitLeaders(Admin admin) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> admin
                .describeTopics(List.of(Topic.TRADES.topicName())).allTopicNames().get()
                .get(Topic.TRADES.topicName()).partitions().stream()
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    }

    /** Trades whose processing the topology has committed (offsets of its application id on the trade topic). */
    private static long consumed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(APPLICATION_ID)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topic.TRADES.topicName()))
                .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
    }

    private static Map<Key, CandleUpdated> stored(DataSource postgres) throws Exception {
        Map<Key, CandleUpdated> stored = new HashMap<>();
        try (Connection c = postgres.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT symbol, interval_code, open_time, close_time, open, high, low, close, volume,
                               quote_volume, trades, closed, revision, source
                        FROM analytics.candles WHERE exchange = '%s'""".formatted(EXCHANGE))) {
            while (rs.next()) {
                CandleUpdated candle = new CandleUpdated(EXCHANGE, rs.getString(1), Interval.of(rs.getString(2)),
                        rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
                        rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getLong(11),
                        rs.getBoolean(12), rs.getLong(13), rs.getString(14));
                Key key = new Key(candle.symbol(), candle.interval().code(), candle.openTime());
                assertThat(stored.put(key, candle)).as("one row per candle").isNull();
            }
        } catch (java.sql.SQLException e) {
            if (Objects.equals(e.getSQLState(), "42P01")) { // not migrated yet
                return stored;
            }
            throw e;
        }
        return stored;
    }

    private void dump(String bootstrap, Admin admin, Key probe) throws Exception {
        forEachCandle(bootstrap, admin, c -> {
            if (c.symbol().equals(probe.symbol()) && c.interval().code().equals(probe.interval())
                    && c.openTime() == probe.openTime()) {
                System.out.println("crash test: on topic " + c);
            }
        });
    }

    /** How often each candle was published closed, as a read_committed consumer sees the candle topic. */
    private Map<Key, Integer> closings(String bootstrap, Admin admin) throws Exception {
        Map<Key, Integer> closings = new HashMap<>();
        forEachCandle(bootstrap, admin, c -> {
            if (c.closed() && c.exchange().equals(EXCHANGE)) {
                closings.merge(new Key(c.symbol(), c.interval().code(), c.openTime()), 1, Integer::sum);
            }
        });
        return closings;
    }

    private void forEachCandle(String bootstrap, Admin admin, java.util.function.Consumer<CandleUpdated> action)
            throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(List.of(Topic.CANDLES.topicName())).allTopicNames().get()
                .get(Topic.CANDLES.topicName()).partitions()
                .forEach(p -> partitions.add(new TopicPartition(Topic.CANDLES.topicName(), p.partition())));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read the candle topic in time").isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    action.accept(codec.decode(r.value(), CandleUpdated.class).orElseThrow());
                }
            }
        }
    }
}
