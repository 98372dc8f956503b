package io.coinlens.analytics.bench;

import io.coinlens.analytics.candles.TradeMetrics;
import io.coinlens.analytics.config.AnalyticsProperties;
import io.coinlens.analytics.streams.AnalyticsTopology;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Throughput of the analytics topology with exactly-once on, against a real (embedded KRaft) broker in this JVM.
 * Phase 1 produces N trades over S symbols (not timed against the topology); phase 2 starts the topology and times
 * how fast its committed offsets on the trade topic reach N; phase 3 sends probe trades at 20/s into an idle topology
 * and measures trade record timestamp → the candle that includes it being readable (read_committed) on
 * market.candles.v1. Not a test: run with {@code java -cp ... TopologyThroughputBenchmark [trades] [symbols]}.
 */
public final class TopologyThroughputBenchmark {

    private static final long T0 = 1_763_769_600_000L;
    private static final String EXCHANGE = "bench";
    private static final java.util.concurrent.atomic.AtomicLong FAILED = new java.util.concurrent.atomic.AtomicLong();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6);
        kafka.brokerProperties(Map.of("offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0", "auto.create.topics.enable", "true"));
        kafka.afterPropertiesSet();
        String bootstrap = kafka.getBrokersAsString();
        EventCodec codec = new EventCodec();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic t : List.of(Topic.TRADES, Topic.CANDLES, Topic.INDICATORS, Topic.SIGNALS)) {
                topics.add(new NewTopic(t.topicName(), t.partitions(), (short) 1));
            }
            topics.add(new NewTopic(Topic.TRADES.deadLetterTopicName(), 1, (short) 1));
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, Topic.TRADES.topicName());

            // Phase 1: the backlog.
            long p0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                SplittableRandom random = new SplittableRandom(7);
                long[] ids = new long[symbols];
                double[] prices = new double[symbols];
                Arrays.fill(prices, 100);
                for (int i = 0; i < n; i++) {
                    int s = i % symbols;
                    prices[s] = Math.max(1, prices[s] * (1 + (random.nextDouble() - 0.5) * 0.002));
                    TradeRecorded trade = new TradeRecorded(EXCHANGE, "S" + s + "-USDT", ++ids[s],
                            BigDecimal.valueOf(prices[s]).setScale(2, java.math.RoundingMode.HALF_EVEN),
                            BigDecimal.valueOf(1 + random.nextInt(1000), 3), random.nextBoolean(),
                            T0 + i * 2L, T0 + i * 2L + 5); // 2 ms apart: a minute holds 30,000 trades
                    producer.send(record(codec, trade), (meta, e) -> {
                        if (e != null) {
                            FAILED.incrementAndGet();
                        }
                    });
                }
                producer.flush();
            }
            double produceSeconds = (System.nanoTime() - p0) / 1e9;
            System.out.printf("produced %,d trades over %d symbols in %.1f s (%,.0f/s), %d sends failed%n", n,
                    symbols, produceSeconds, n / produceSeconds, FAILED.get());
            // What is in the topic, not what was attempted: a failed send must not make phase 2 wait forever.
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < Topic.TRADES.partitions(); p++) {
                ends.put(new TopicPartition(Topic.TRADES.topicName(), p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long inTopic = admin.listOffsets(ends).all().get().values().stream()
                    .mapToLong(info -> info.offset()).sum();

            // Phase 2: the topology drains it.
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-service");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-streams").toString());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            AnalyticsProperties properties = new AnalyticsProperties(
                    new AnalyticsProperties.Candles(Duration.ofSeconds(5), Duration.ofSeconds(1)),
                    new AnalyticsProperties.Query(Duration.ofSeconds(5), 1000),
                    new AnalyticsProperties.Correlation(List.of("BTC-USDT:ETH-USDT", "BTC-USD:ETH-USD"),
                            List.of("1m", "5m", "15m", "1h", "4h", "1d"), 90));
            KafkaStreams streams = new KafkaStreams(AnalyticsTopology.build(properties, codec,
                    TradeMetrics.of(new SimpleMeterRegistry())), config);
            long s0 = System.nanoTime();
            streams.start();
            long first = -1;
            long firstAt = 0;
            long done;
            // Steady state: between the samples that first pass 20 % and 90 % of the backlog (JIT warm-up and
            // the last partial commit left out).
            long from = -1;
            long fromAt = 0;
            long to = -1;
            long toAt = 0;
            while (true) {
                Thread.sleep(1000);
                done = consumed(admin);
                long now = System.nanoTime();
                double t = (now - s0) / 1e9;
                if (first < 0 && done > 0) {
                    first = done;
                    firstAt = now;
                }
                if (from < 0 && done >= inTopic / 5) {
                    from = done;
                    fromAt = now;
                }
                if (to < 0 && done >= inTopic * 9 / 10) {
                    to = done;
                    toAt = now;
                }
                System.out.printf("t=%5.1f s committed %,d%n", t, done);
                if (done >= inTopic) {
                    break;
                }
            }
            double total = (System.nanoTime() - s0) / 1e9;
            double sustained = (done - first) / ((System.nanoTime() - firstAt) / 1e9);
            System.out.printf("RESULT drained %,d trades in %.1f s incl. start-up: %,.0f trades/s; sustained "
                    + "(first commit → done) %,.0f trades/s%n", inTopic, total, inTopic / total, sustained);
            if (toAt > fromAt) {
                System.out.printf("RESULT steady (%,d → %,d committed, %.1f s): %,.0f trades/s%n", from, to,
                        (toAt - fromAt) / 1e9, (to - from) / ((toAt - fromAt) / 1e9));
            }

            // Phase 3: latency of single trades into an idle topology.
            latency(bootstrap, codec, n);
            streams.close(Duration.ofSeconds(10));
        } finally {
            kafka.destroy();
        }
        System.exit(0);
    }

    private static void latency(String bootstrap, EventCodec codec, int n) throws Exception {
        int probes = 200;
        long[] sentAt = new long[probes + 1];
        long[] latency = new long[probes + 1];
        Arrays.fill(latency, -1);
        String symbol = "PROBE-USDT";
        long minute = Interval.M1.openTimeOf(T0 + n * 2L) + 10 * 60_000L;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topic.CANDLES.topicName())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Thread reader = new Thread(() -> {
                long deadline = System.currentTimeMillis() + probes * 50L + 15_000;
                while (System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.currentTimeMillis();
                        if (!r.key().equals(symbol + ":1m")) {
                            continue;
                        }
                        CandleUpdated c = codec.decode(r.value(), CandleUpdated.class).orElseThrow();
                        for (int k = 1; k <= Math.min(probes, c.trades()); k++) {
                            if (latency[k] < 0 && sentAt[k] > 0) {
                                latency[k] = now - sentAt[k];
                            }
                        }
                    }
                }
            });
            reader.start();
            for (int k = 1; k <= probes; k++) {
                TradeRecorded trade = new TradeRecorded(EXCHANGE, symbol, k, BigDecimal.TEN, BigDecimal.ONE,
                        false, minute + k, minute + k);
                ProducerRecord<String, byte[]> record = record(codec, trade);
                sentAt[k] = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(record.topic(), null, sentAt[k], record.key(), record.value(),
                        record.headers())).get();
                Thread.sleep(50);
            }
            reader.join();
        }
        long[] got = Arrays.stream(latency, 1, probes + 1).filter(l -> l >= 0).sorted().toArray();
        if (got.length == 0) {
            System.out.println("RESULT latency: no probe candle seen");
            return;
        }
        System.out.printf("RESULT latency trade→candle on topic (read_committed), %d of %d probes at 20/s: "
                        + "p50 %d ms, p99 %d ms, max %d ms%n", got.length, probes, got[got.length / 2],
                got[Math.min(got.length - 1, (int) Math.ceil(got.length * 0.99) - 1)], got[got.length - 1]);
    }

    /** Producing before every partition has a leader once left a first batch retrying forever (out of order). */
    private static void awaitLeaders(Admin admin, String topic) throws Exception {
        Awaitility.await("leaders for " + topic).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        // A moment for the leaders' metadata to reach every broker listener before the first batch.
        Thread.sleep(500);
    }

    private static long consumed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("analytics-service")
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topic.TRADES.topicName()))
                .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<String, byte[]> record(EventCodec codec, TradeRecorded trade) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.TRADES.topicName(), trade.key(),
                codec.encode(trade));
        record.headers().add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
