package io.coinlens.analytics;

import io.coinlens.analytics.history.CandleRepository;
import io.coinlens.analytics.history.LatestValues;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.CorrelationComputed;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.testing.ServiceBaselineTests;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AnalyticsServiceIntegrationTests extends ServiceBaselineTests {

    private static final long T0 = 1_763_769_600_000L; // 2025-11-22T00:00Z
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    CandleRepository candles;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    private final EventCodec codec = new EventCodec();

    @DynamicPropertySource
    static void streamsStateDir(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("analytics-streams").toString();
        registry.add("spring.kafka.streams.state-dir", () -> dir);
        registry.add("coinlens.analytics.correlation.pairs", () -> "BTC-USDT:ETH-USDT,LINK-USDT:AVAX-USDT");
    }

    @Override
    protected String ownedSchema() {
        return "analytics";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis", "r2dbc");
    }

    @Override
    protected List<String> documentedPaths() {
        return List.of("/api/v1/candles", "/api/v1/indicators/{symbol}", "/api/v1/signals",
                "/api/v1/analytics/moving-average/{symbol}", "/api/v1/analytics/volatility/{symbol}",
                "/api/v1/analytics/correlation", "/api/v1/analytics/rsi/{symbol}", "/api/v1/analytics/macd/{symbol}",
                "/api/v1/analytics/bollinger/{symbol}");
    }

    @Test
    void tradesBecomeCandlesInPostgresAndTheLatestInRedis() {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new ByteArraySerializer())) {
            send(producer, trade(1, "100", "1", T0 + 1_000));
            send(producer, trade(2, "110", "2", T0 + 20_000));
            send(producer, trade(2, "110", "2", T0 + 20_000)); // redelivered
            send(producer, trade(3, "95", "1", T0 + 40_000));
            send(producer, trade(4, "96", "1", T0 + 66_000)); // closes the first minute
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<CandleUpdated> stored = candles.find("ETH-USDT", Interval.M1, T0, T0, 10).collectList()
                    .block(TIMEOUT);
            assertThat(stored).singleElement().satisfies(c -> {
                assertThat(c.closed()).isTrue();
                assertThat(c.open()).isEqualByComparingTo("100");
                assertThat(c.high()).isEqualByComparingTo("110");
                assertThat(c.low()).isEqualByComparingTo("95");
                assertThat(c.close()).isEqualByComparingTo("95");
                assertThat(c.volume()).isEqualByComparingTo("4");
                assertThat(c.trades()).isEqualTo(3);
            });
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String latest = redis.opsForValue().get(LatestValues.candleKey("ETH-USDT", Interval.M1)).block(TIMEOUT);
            assertThat(latest).isNotNull();
            CandleUpdated candle = codec.decode(latest.getBytes(StandardCharsets.UTF_8), CandleUpdated.class)
                    .orElseThrow();
            assertThat(candle.openTime()).isEqualTo(T0 + 60_000);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> web.get()
                .uri("/api/v1/indicators/ETH-USDT?interval=1m&startTime={s}&endTime={e}", T0, T0)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openTime[0]").isEqualTo(T0)
                .jsonPath("$.obv[0]").isNumber());
        web.get().uri("/actuator/health").exchange()
                .expectBody().jsonPath("$.components.streams.status").isEqualTo("UP");
        web.get().uri("/api/v1/signals?symbol=ETH-USDT&since={s}", T0).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    @Test
    void servesStoredCandlesInBothFormats() {
        candles.upsert(candle(1, "101")).block(TIMEOUT);
        web.get().uri("/api/v1/candles?symbol=SOL-USDT&interval=5m&startTime={s}&endTime={e}", T0, T0 + 1)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].openTime").isEqualTo(T0)
                .jsonPath("$[0].close").isEqualTo("101")
                .jsonPath("$[0].interval").isEqualTo("5m");
        web.get().uri("/api/v1/candles?symbol=SOL-USDT&interval=5m&format=binance").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0][0]").isEqualTo(T0)
                .jsonPath("$[0][1]").isEqualTo("100")
                .jsonPath("$[0][6]").isEqualTo(T0 + 299_999);
    }

    @Test
    void answersBadParametersWithAProblemNamingTheParameter() {
        web.get().uri("/api/v1/candles?symbol=BTC-USDT&interval=2m").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.parameter").isEqualTo("interval")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("interval"));
        web.get().uri("/api/v1/candles?symbol=BTC-USDT&interval=1m&limit=1001").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("limit");
        web.get().uri("/api/v1/indicators/BTC-USDT?interval=1m&startTime=yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("startTime");
    }

    @Test
    void answersAnUnknownSymbolWithNotFound() {
        web.get().uri("/api/v1/candles?symbol=NOPE-USDT&interval=1m").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json");
        web.get().uri("/api/v1/indicators/NOPE-USDT?interval=1m").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void computesTheCompatibilityEndpointsFromStoredCandles() {
        double[] xrp = new double[60];
        double[] ada = new double[60];
        for (int d = 0; d < 60; d++) {
            double p = 100 + 10 * Math.sin(d / 5.0) + d;
            BigDecimal price = BigDecimal.valueOf(p).setScale(2, java.math.RoundingMode.HALF_EVEN);
            // Related to XRP but not proportional: the correlation is neither 1 nor 0.
            BigDecimal other = BigDecimal.valueOf(50 + 4 * Math.sin(d / 5.0) + 3 * Math.cos(d / 2.0))
                    .setScale(2, java.math.RoundingMode.HALF_EVEN);
            xrp[d] = price.doubleValue();
            ada[d] = other.doubleValue();
            long open = T0 - (60 - d) * 86_400_000L;
            for (String symbol : List.of("XRP-USDT", "DOT-USDT", "ADA-USDT")) {
                BigDecimal close = symbol.equals("XRP-USDT") ? price
                        : symbol.equals("DOT-USDT") ? price.multiply(BigDecimal.valueOf(2)) : other;
                candles.upsert(new CandleUpdated("binance", symbol, Interval.D1, open, open + 86_399_999, close,
                        close, close, close, BigDecimal.ONE, close, 1, true, 1, "live")).block(TIMEOUT);
            }
        }
        web.get().uri("/api/v1/analytics/rsi/XRP-USDT?period=14&limit=50").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openTime.length()").isEqualTo(50)
                .jsonPath("$.rsi_14.length()").isEqualTo(50)
                .jsonPath("$.rsi_14[0]").doesNotExist()
                .jsonPath("$.rsi_14[49]").isNumber();
        web.get().uri("/api/v1/analytics/moving-average/XRP-USDT?period=20&type=ema").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.ema_20[59]").isNumber();
        web.get().uri("/api/v1/analytics/macd/XRP-USDT?fast=12&slow=26&signal=9").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.macd_hist[59]").isNumber();
        web.get().uri("/api/v1/analytics/bollinger/XRP-USDT?period=20&stddev=2").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.bb_upper[59]").isNumber();
        web.get().uri("/api/v1/analytics/volatility/XRP-USDT?period=30").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.rv_30[59]").isNumber();
        web.get().uri("/api/v1/analytics/correlation?coin1=XRP-USDT&coin2=DOT-USDT&period=30").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.correlation").value(c -> assertThat(((Number) c).doubleValue())
                        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6)));
        double expected = pearsonOfLogReturns(xrp, ada, 30);
        assertThat(expected).isBetween(-0.95, 0.95);
        web.get().uri("/api/v1/analytics/correlation?coin1=XRP-USDT&coin2=ADA-USDT&period=30&interval=1d")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.returns").isEqualTo(30)
                .jsonPath("$.correlation").value(c -> assertThat(((Number) c).doubleValue())
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9)));
        web.get().uri("/api/v1/analytics/moving-average/XRP-USDT?type=wma").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("type");
        web.get().uri("/api/v1/analytics/rsi/NOPE-USDT").exchange().expectStatus().isNotFound();
    }

    @Test
    void publishesLiveCorrelationsEqualToTheQueryEndpointOnTheSameCandles() {
        long h = Interval.H1.millis();
        long start = T0 + 40 * 86_400_000L;
        int hours = 100;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new ByteArraySerializer())) {
            // One symbol's whole history, then the other's: the pair waits for the closes it needs.
            for (int i = 0; i < hours; i++) {
                send(producer, hourCandle("LINK-USDT", start + i * h, 15 + Math.sin(i / 4.0) + 0.01 * i));
            }
            for (int i = 0; i < hours; i++) {
                if (i != 2) { // AVAX had no trades in its third hour: the window starts after it
                    send(producer, hourCandle("AVAX-USDT", start + i * h,
                            30 + 1.5 * Math.sin(i / 4.0) + Math.cos(i / 1.7)));
                }
            }
            producer.flush();
        }

        List<CorrelationComputed> published = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "correlation-probe-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.CORRELATIONS.topicName()));
            await().atMost(Duration.ofSeconds(90)).pollInSameThread().untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().equals("LINK-USDT:AVAX-USDT:1h")) {
                        published.add(codec.decode(r.value(), CorrelationComputed.class).orElseThrow());
                    }
                }
                assertThat(published).hasSizeGreaterThanOrEqualTo(hours - 93);
            });
        }
        // 90 returns (the default period) from the close at 3 h on: values from 93 h on.
        assertThat(published).extracting(CorrelationComputed::openTime)
                .containsExactly(java.util.stream.LongStream.range(93, hours).map(i -> start + i * h).boxed()
                        .toArray(Long[]::new));
        CorrelationComputed last = published.get(published.size() - 1);
        assertThat(last.period()).isEqualTo(90);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(candles.find("LINK-USDT", Interval.H1, start, start + hours * h, 200).collectList()
                    .block(TIMEOUT)).hasSize(hours);
            assertThat(candles.find("AVAX-USDT", Interval.H1, start, start + hours * h, 200).collectList()
                    .block(TIMEOUT)).hasSize(hours - 1);
        });
        web.get().uri("/api/v1/analytics/correlation?coin1=LINK-USDT&coin2=AVAX-USDT&interval=1h").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.period").isEqualTo(90)
                .jsonPath("$.returns").isEqualTo(90)
                .jsonPath("$.correlation").value(c -> assertThat(((Number) c).doubleValue())
                        .isCloseTo(last.correlation(), org.assertj.core.data.Offset.offset(1e-9)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String latest = redis.opsForValue()
                    .get(LatestValues.correlationKey("LINK-USDT", "AVAX-USDT", Interval.H1)).block(TIMEOUT);
            assertThat(latest).isNotNull();
            assertThat(codec.decode(latest.getBytes(StandardCharsets.UTF_8), CorrelationComputed.class)
                    .orElseThrow()).isEqualTo(last);
        });
    }

    @Test
    void keepsTheHighestRevisionOfACandle() {
        CandleUpdated newer = candle("ADA-USDT", 5, "101");
        CandleUpdated older = candle("ADA-USDT", 3, "99");
        assertThat(candles.upsert(newer).block(TIMEOUT)).isEqualTo(1);
        assertThat(candles.upsert(older).block(TIMEOUT)).isZero();
        assertThat(candles.upsert(newer).block(TIMEOUT)).isZero();
        CandleUpdated stored = candles.find("ADA-USDT", Interval.M5, T0, T0, 1).blockFirst(TIMEOUT);
        assertThat(stored.revision()).isEqualTo(5);
        assertThat(stored.close()).isEqualByComparingTo("101");
    }

    private static CandleUpdated candle(long revision, String close) {
        return candle("SOL-USDT", revision, close);
    }

    private static CandleUpdated candle(String symbol, long revision, String close) {
        BigDecimal c = new BigDecimal(close);
        return new CandleUpdated("binance", symbol, Interval.M5, T0, T0 + 299_999, new BigDecimal("100"),
                new BigDecimal("102"), new BigDecimal("98"), c, BigDecimal.ONE, c, 1, false, revision, "live");
    }

    private static CandleUpdated hourCandle(String symbol, long openTime, double price) {
        BigDecimal close = BigDecimal.valueOf(price).setScale(4, java.math.RoundingMode.HALF_EVEN);
        return new CandleUpdated("binance", symbol, Interval.H1, openTime, openTime + Interval.H1.millis() - 1,
                close, close, close, close, BigDecimal.ONE, close, 1, true, 1, "live");
    }

    private void send(KafkaProducer<String, byte[]> producer, CandleUpdated candle) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.CANDLES.topicName(), candle.key(),
                codec.encode(candle));
        record.headers().add(EventHeaders.TYPE_ID, "CandleUpdated".getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    private TradeRecorded trade(long id, String price, String quantity, long time) {
        return new TradeRecorded("binance", "ETH-USDT", id, new BigDecimal(price), new BigDecimal(quantity), false,
                time, time + 5);
    }

    /** The textbook formula over the last {@code period} log returns of both series, in one pass each. */
    private static double pearsonOfLogReturns(double[] a, double[] b, int period) {
        double[] x = new double[period];
        double[] y = new double[period];
        for (int k = 0; k < period; k++) {
            int i = a.length - period + k;
            x[k] = Math.log(a[i] / a[i - 1]);
            y[k] = Math.log(b[i] / b[i - 1]);
        }
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int k = 0; k < period; k++) {
            sxy += (x[k] - mx) * (y[k] - my);
            sxx += (x[k] - mx) * (x[k] - mx);
            syy += (y[k] - my) * (y[k] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private void send(KafkaProducer<String, byte[]> producer, TradeRecorded trade) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.TRADES.topicName(), trade.key(),
                codec.encode(trade));
        record.headers().add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }
}
