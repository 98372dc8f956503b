package io.coinlens.analytics.bench;

import io.coinlens.analytics.AnalyticsApplication;
import io.coinlens.analytics.history.LatestValues;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.IndicatorsComputed;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.testing.Infrastructure;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Latency of the whole service at a steady trade rate: from a trade's Kafka timestamp to its 1m candle, and to the
 * indicators computed from that candle, being readable in Redis (the topology with exactly-once, then the history
 * listener's PostgreSQL upsert and Redis write). The real application runs in this JVM against embedded Kafka,
 * PostgreSQL and Redis, with its own settings.
 *
 * <p>Every symbol's price rises with every trade and every trade has quantity 1, so a candle's trade count says
 * which trades it includes, and so does the provisional OBV (the sum of all volumes so far while closes rise).
 * Redis is polled every {@link #POLL_MILLIS} ms, which adds up to that much to every figure. Not a test: run with
 * {@code java -cp ... RedisLatencyBenchmark [trades/s] [seconds] [symbols]}.
 */
public final class RedisLatencyBenchmark {

    private static final String EXCHANGE = "bench";
    private static final long POLL_MILLIS = 20;
    /** Trades sent earlier are left out: start-up backlog and JIT warm-up. {@code -Dwarmup.seconds=N}. */
    private static final long WARM_UP_MILLIS = Long.getLong("warmup.seconds", 15) * 1000;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        int symbols = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        String[] extra = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : new String[0];

        String bootstrap = Infrastructure.kafka().getBrokersAsString();
        List<String> settings = new ArrayList<>(List.of(
                "--coinlens.postgres.host=localhost",
                "--coinlens.postgres.port=" + Infrastructure.postgres().getPort(),
                "--coinlens.postgres.database=postgres", "--coinlens.postgres.username=postgres",
                "--coinlens.postgres.password=postgres",
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + Infrastructure.redisPort(),
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("latency-streams"),
                "--server.port=0", "--logging.level.root=WARN"));
        settings.addAll(List.of(extra));
        ConfigurableApplicationContext app = SpringApplication.run(AnalyticsApplication.class,
                settings.toArray(String[]::new));
        ReactiveStringRedisTemplate redis = app.getBean(ReactiveStringRedisTemplate.class);
        EventCodec codec = new EventCodec();
        Thread.sleep(5_000); // the topology joins its group and gets its tasks

        int perSymbol = (int) ((long) rate * seconds / symbols) + 1;
        long[][] sentAt = new long[symbols][perSymbol + 1];
        long[][] candleSeen = new long[symbols][perSymbol + 1];
        long[][] indicatorsSeen = new long[symbols][perSymbol + 1];
        // per symbol: minute open time -> number of the symbol's trades sent before that minute
        List<Map<Long, Long>> before = new ArrayList<>();
        for (int s = 0; s < symbols; s++) {
            before.add(new ConcurrentHashMap<>());
        }
        AtomicIntegerArray sent = new AtomicIntegerArray(symbols);
        Poller poller = new Poller(redis, codec, symbols, sentAt, candleSeen, indicatorsSeen, before, sent);
        poller.start();
        Thread lags = new Thread(() -> printLags(bootstrap), "lag-printer");
        lags.setDaemon(true);
        lags.start();

        long start = System.currentTimeMillis();
        long end = start + seconds * 1000L;
        long total = 0;
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            long periodNanos = 1_000_000_000L / rate;
            long next = System.nanoTime();
            while (System.currentTimeMillis() < end) {
                int s = (int) (total % symbols);
                int g = sent.get(s) + 1;
                long now = System.currentTimeMillis();
                long minute = Interval.M1.openTimeOf(now);
                before.get(s).putIfAbsent(minute, (long) g - 1);
                TradeRecorded trade = new TradeRecorded(EXCHANGE, "L" + s + "-USDT", g,
                        BigDecimal.valueOf(1_000_000L + g, 4), BigDecimal.ONE, false, now, now);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.TRADES.topicName(), null, now,
                        trade.key(), codec.encode(trade));
                record.headers().add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
                sentAt[s][g] = now;
                sent.set(s, g); // after sentAt[s][g]: the poller reads sent first
                producer.send(record);
                total++;
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
        double actual = total / ((System.currentTimeMillis() - start) / 1000.0);
        Thread.sleep(5_000); // the last trades reach Redis
        poller.stop = true;
        poller.join();
        System.out.printf("redis: %d values read, %d of them new, %d keys analytics:*%n", poller.reads,
                poller.changes, redis.keys("analytics:*").count().block());

        System.out.printf("RESULT sent %,d trades over %d symbols in %d s: %,.0f trades/s offered%n", total, symbols,
                seconds, actual);
        report("trade -> candle readable in Redis", start, sentAt, candleSeen, sent);
        report("trade -> indicators readable in Redis", start, sentAt, indicatorsSeen, sent);
        app.close();
        System.exit(0);
    }

    private static void report(String what, long start, long[][] sentAt, long[][] seen, AtomicIntegerArray sent) {
        long from = start + WARM_UP_MILLIS;
        int n = 0;
        int missing = 0;
        long[] latencies = new long[sentAt.length * sentAt[0].length];
        for (int s = 0; s < sent.length(); s++) {
            for (int g = 1; g <= sent.get(s); g++) {
                if (sentAt[s][g] < from) {
                    continue;
                }
                if (seen[s][g] == 0) {
                    missing++;
                } else {
                    latencies[n++] = seen[s][g] - sentAt[s][g];
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        if (n == 0) {
            System.out.printf("RESULT %s: nothing seen (%d missing)%n", what, missing);
            return;
        }
        System.out.printf("RESULT %s (after %d s warm-up, %,d trades, %d never seen): p50 %d ms, p90 %d ms, "
                        + "p99 %d ms, p99.9 %d ms, max %d ms%n", what, WARM_UP_MILLIS / 1000, n, missing,
                at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), at(sorted, 0.999), sorted[n - 1]);
    }

    /** Every 5 s: how far the topology and the history listeners are behind, to tell where a backlog builds. */
    private static void printLags(String bootstrap) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                Thread.sleep(5_000);
                System.out.printf("lag: topology %d trades; history %d candles, %d indicators%n",
                        lag(admin, "analytics-service", Topic.TRADES.topicName()),
                        lag(admin, "analytics-history", Topic.CANDLES.topicName()),
                        lag(admin, "analytics-history", Topic.INDICATORS.topicName()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.out.println("lag: " + e);
        }
    }

    private static long lag(org.apache.kafka.clients.admin.Admin admin, String group, String topic)
            throws Exception {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = new HashMap<>();
        for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
            ends.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var e : admin.listOffsets(ends).all().get().entrySet()) {
            var done = committed.get(e.getKey());
            lag += e.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * quantile) - 1)];
    }

    /** Reads every symbol's latest candle and indicators from Redis in a loop; marks the trades they include. */
    private static final class Poller extends Thread {

        private final ReactiveStringRedisTemplate redis;
        private final EventCodec codec;
        private final int symbols;
        private final long[][] sentAt;
        private final long[][] candleSeen;
        private final long[][] indicatorsSeen;
        private final List<Map<Long, Long>> before;
        private final AtomicIntegerArray sent;
        private final List<String> keys = new ArrayList<>();
        private final Map<String, String> last = new HashMap<>();
        private final int[] candleUpTo;
        private final int[] indicatorsUpTo;
        volatile boolean stop;
        long reads;
        long changes;

        Poller(ReactiveStringRedisTemplate redis, EventCodec codec, int symbols, long[][] sentAt,
                long[][] candleSeen, long[][] indicatorsSeen, List<Map<Long, Long>> before, AtomicIntegerArray sent) {
            super("redis-poller");
            this.redis = redis;
            this.codec = codec;
            this.symbols = symbols;
            this.sentAt = sentAt;
            this.candleSeen = candleSeen;
            this.indicatorsSeen = indicatorsSeen;
            this.before = before;
            this.sent = sent;
            this.candleUpTo = new int[symbols];
            this.indicatorsUpTo = new int[symbols];
            for (int s = 0; s < symbols; s++) {
                keys.add(LatestValues.candleKey("L" + s + "-USDT", Interval.M1));
            }
            for (int s = 0; s < symbols; s++) {
                keys.add(LatestValues.indicatorsKey("L" + s + "-USDT", Interval.M1));
            }
        }

        @Override
        public void run() {
            while (!stop) {
                List<String> values = redis.opsForValue().multiGet(keys).block();
                long now = System.currentTimeMillis();
                for (int i = 0; values != null && i < values.size(); i++) {
                    String value = values.get(i);
                    if (value != null) {
                        reads++;
                    }
                    if (value == null || value.equals(last.get(keys.get(i)))) {
                        continue;
                    }
                    changes++;
                    last.put(keys.get(i), value);
                    byte[] json = value.getBytes(StandardCharsets.UTF_8);
                    if (i < symbols) {
                        CandleUpdated c = codec.decode(json, CandleUpdated.class).orElseThrow();
                        Long earlier = before.get(i).get(c.openTime());
                        if (earlier != null) {
                            candleUpTo[i] = mark(i, (int) (earlier + c.trades()), candleUpTo[i], candleSeen, now);
                        }
                    } else {
                        int s = i - symbols;
                        IndicatorsComputed v = codec.decode(json, IndicatorsComputed.class).orElseThrow();
                        Double obv = v.values().get("obv");
                        if (obv != null) {
                            indicatorsUpTo[s] = mark(s, included(s, v.openTime(), obv.longValue()),
                                    indicatorsUpTo[s], indicatorsSeen, now);
                        }
                    }
                }
                LockSupport.parkNanos(POLL_MILLIS * 1_000_000L);
            }
        }

        /**
         * The last trade an OBV value includes. OBV = all volume of committed candles + the open candle's; while
         * the previous minute is still in its grace period, that minute is not committed yet.
         */
        private int included(int s, long openTime, long obv) {
            Long upToPrevious = before.get(s).get(openTime);
            Long upToTwoBack = before.get(s).get(openTime - Interval.M1.millis());
            if (upToPrevious == null) {
                return 0;
            }
            long open = obv - upToPrevious;
            if (open <= 0 && upToTwoBack != null) {
                open = obv - upToTwoBack;
            }
            return (int) (upToPrevious + Math.max(0, open));
        }

        /** Marks trades up to {@code upTo} as readable now; a trade superseded unseen counts from now, too. */
        private int mark(int s, int upTo, int marked, long[][] seen, long now) {
            int limit = Math.min(upTo, Math.min(sent.get(s), sentAt[s].length - 1));
            for (int g = marked + 1; g <= limit; g++) {
                seen[s][g] = now;
            }
            return Math.max(marked, limit);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
