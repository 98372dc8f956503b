package io.coinlens.analytics.streams;

import io.coinlens.analytics.candles.TradeMetrics;
import io.coinlens.analytics.config.AnalyticsProperties;
import io.coinlens.analytics.correlation.PairCorrelation;
import io.coinlens.analytics.indicators.IndicatorSet;
import io.coinlens.analytics.indicators.IndicatorValues;
import io.coinlens.analytics.signals.IndicatorProcessor;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.CorrelationComputed;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.IndicatorsComputed;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.SignalRaised;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.simulator.market.Candle;
import io.coinlens.simulator.market.TradeGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyticsTopologyTests {

    private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 86_400_000L; // a UTC midnight
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration UPDATE = Duration.ofSeconds(1);

    private final EventCodec codec = new EventCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> trades;
    private TestOutputTopic<byte[], byte[]> candles;
    private TestOutputTopic<byte[], byte[]> indicators;
    private TestOutputTopic<byte[], byte[]> signals;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestInputTopic<String, byte[]> candlesIn;
    private TestOutputTopic<byte[], byte[]> correlations;
    private org.apache.kafka.streams.Topology topology;

    @BeforeEach
    void start() {
        AnalyticsProperties properties = new AnalyticsProperties(new AnalyticsProperties.Candles(GRACE, UPDATE),
                new AnalyticsProperties.Query(Duration.ofSeconds(5), 100),
                new AnalyticsProperties.Correlation(List.of("BTC-USDT:ETH-USDT"), List.of("1h"), 3));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-service-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AnalyticsTopology.build(properties, codec, TradeMetrics.of(registry),
                Stores::inMemoryKeyValueStore), config);
        trades = driver.createInputTopic(Topic.TRADES.topicName(), new ByteArraySerializer(), new ByteArraySerializer());
        ByteArrayDeserializer bytes = new ByteArrayDeserializer();
        candles = driver.createOutputTopic(Topic.CANDLES.topicName(), bytes, bytes);
        indicators = driver.createOutputTopic(Topic.INDICATORS.topicName(), bytes, bytes);
        signals = driver.createOutputTopic(Topic.SIGNALS.topicName(), bytes, bytes);
        deadLetters = driver.createOutputTopic(Topic.TRADES.deadLetterTopicName(), bytes, bytes);
        candlesIn = driver.createInputTopic(Topic.CANDLES.topicName(), new StringSerializer(),
                new ByteArraySerializer());
        correlations = driver.createOutputTopic(Topic.CORRELATIONS.topicName(), bytes, bytes);
        topology = AnalyticsTopology.build(properties, codec, TradeMetrics.of(registry), Stores::inMemoryKeyValueStore);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void closesAMinuteCandleOnceStreamTimePassesItsEndPlusGrace() {
        send(trade(1, "100.5", "2", T0 + 1_000));
        send(trade(2, "101", "1", T0 + 10_000));
        send(trade(3, "99", "0.5", T0 + 30_000));
        send(trade(4, "100", "1", T0 + 60_000 + 4_999));
        assertThat(closed(Interval.M1)).isEmpty();

        send(trade(5, "100", "1", T0 + 60_000 + 5_000));
        List<CandleUpdated> closed = closed(Interval.M1);
        assertThat(closed).hasSize(1);
        CandleUpdated candle = closed.get(0);
        assertThat(candle.openTime()).isEqualTo(T0);
        assertThat(candle.closeTime()).isEqualTo(T0 + 59_999);
        assertThat(candle.open()).isEqualByComparingTo("100.5");
        assertThat(candle.high()).isEqualByComparingTo("101");
        assertThat(candle.low()).isEqualByComparingTo("99");
        assertThat(candle.close()).isEqualByComparingTo("99");
        assertThat(candle.volume()).isEqualByComparingTo("3.5");
        assertThat(candle.quoteVolume()).isEqualByComparingTo("351.5");
        assertThat(candle.trades()).isEqualTo(3);
        assertThat(candle.source()).isEqualTo("live");
    }

    @Test
    void publishesOpenCandlesAtMostOncePerUpdateIntervalWithGrowingRevisions() {
        send(trade(1, "100", "1", T0 + 1_000));
        send(trade(2, "101", "1", T0 + 2_000));
        List<TestRecord<byte[], byte[]>> before = candles.readRecordsToList();
        assertThat(before).isEmpty();

        driver.advanceWallClockTime(UPDATE);
        List<TestRecord<byte[], byte[]>> first = candles.readRecordsToList();
        TestRecord<byte[], byte[]> minute = first.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("BTC-USDT:1m")).findFirst()
                .orElseThrow();
        assertThat(new String(minute.headers().lastHeader(EventHeaders.TYPE_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("CandleUpdated");
        assertThat(first).hasSize(Interval.values().length);
        CandleUpdated open = decode(minute.value());
        assertThat(open.closed()).isFalse();
        assertThat(open.trades()).isEqualTo(2);
        assertThat(open.revision()).isZero();

        driver.advanceWallClockTime(UPDATE);
        assertThat(candles.readRecordsToList()).as("nothing changed, nothing sent").isEmpty();

        send(trade(3, "102", "1", T0 + 3_000));
        driver.advanceWallClockTime(UPDATE);
        CandleUpdated next = byInterval(candles.readValuesToList(), Interval.M1).get(0);
        assertThat(next.revision()).isEqualTo(1);
        assertThat(next.close()).isEqualByComparingTo("102");

        send(trade(4, "102", "1", T0 + 70_000));
        CandleUpdated last = closed(Interval.M1).get(0);
        assertThat(last.revision()).isEqualTo(2);
        assertThat(last.closed()).isTrue();
    }

    @Test
    void countsARedeliveredTradeOnce() {
        send(trade(7, "100", "1", T0 + 1_000));
        send(trade(8, "105", "2", T0 + 2_000));
        send(trade(7, "100", "1", T0 + 1_000));
        send(trade(8, "105", "2", T0 + 2_000));
        send(trade(9, "100", "1", T0 + 70_000));

        CandleUpdated candle = closed(Interval.M1).get(0);
        assertThat(candle.trades()).isEqualTo(2);
        assertThat(candle.volume()).isEqualByComparingTo("3");
        assertThat(registry.get("coinlens.analytics.trades").tag("outcome", "duplicate").counter().count())
                .isEqualTo(2);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void countsATradeOutOfOrderWithinGraceInItsOwnCandle() {
        send(trade(2, "101", "1", T0 + 40_000));
        send(trade(3, "103", "1", T0 + 61_000));
        send(trade(1, "99", "1", T0 + 20_000)); // a second behind the candle's end, within 5 s grace
        send(trade(4, "103", "1", T0 + 65_000));

        CandleUpdated candle = closed(Interval.M1).get(0);
        assertThat(candle.openTime()).isEqualTo(T0);
        assertThat(candle.trades()).isEqualTo(2);
        assertThat(candle.open()).as("the earliest trade opens the candle").isEqualByComparingTo("99");
        assertThat(candle.close()).isEqualByComparingTo("101");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void sendsATradeLaterThanGraceToTheDeadLetterTopicWithTheReason() {
        send(trade(1, "100", "1", T0 + 1_000));
        send(trade(2, "100", "1", T0 + 66_000));
        TradeRecorded late = trade(3, "90", "1", T0 + 30_000);
        byte[] original = codec.encode(late);
        trades.pipeInput(late.key().getBytes(StandardCharsets.UTF_8), original);

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(original);
        assertThat(new String(dead.headers().lastHeader(EventHeaders.DLT_REASON).value(), StandardCharsets.UTF_8))
                .startsWith("late: candle " + T0 + " closed");
        assertThat(registry.get("coinlens.analytics.trades").tag("outcome", "late").counter().count()).isEqualTo(1);
        assertThat(closed(Interval.M1).get(0).trades()).isEqualTo(1);
    }

    @Test
    void sendsATradeThatBreaksItsContractToTheDeadLetterTopic() {
        byte[] broken = "{\"exchange\":\"binance\",\"symbol\":\"BTC-USDT\",\"tradeId\":1,\"price\":\"-1\"}"
                .getBytes(StandardCharsets.UTF_8);
        trades.pipeInput("binance:BTC-USDT".getBytes(StandardCharsets.UTF_8), broken);

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(broken);
        assertThat(dead.headers().lastHeader(EventHeaders.DLT_REASON)).isNotNull();
        assertThat(candles.isEmpty()).isTrue();
    }

    @Test
    void producesNoCandleForAMinuteWithoutTrades() {
        send(trade(1, "100", "1", T0 + 1_000));
        send(trade(2, "100", "1", T0 + 180_000 + 1_000));
        send(trade(3, "100", "1", T0 + 240_000 + 6_000));
        assertThat(closed(Interval.M1)).extracting(CandleUpdated::openTime).containsExactly(T0, T0 + 180_000);
    }

    @Test
    void rollsMinuteCandlesUpAndClosesEachIntervalWithItsLastMinute() {
        // One trade a minute for five minutes: the 5m candle closes with minute 4, not before.
        for (int m = 0; m < 5; m++) {
            send(trade(m + 1, String.valueOf(100 + m), "1", T0 + m * 60_000L + 30_000));
        }
        send(trade(6, "110", "1", T0 + 300_000 + 4_999));
        assertThat(closed(Interval.M5)).isEmpty();
        send(trade(7, "110", "1", T0 + 300_000 + 5_000));
        List<CandleUpdated> all = decodeAll(candles.readValuesToList());
        CandleUpdated fiveMinutes = byInterval(all, Interval.M5).stream().filter(CandleUpdated::closed).findFirst()
                .orElseThrow();
        assertThat(fiveMinutes.openTime()).isEqualTo(T0);
        assertThat(fiveMinutes.open()).isEqualByComparingTo("100");
        assertThat(fiveMinutes.close()).isEqualByComparingTo("104");
        assertThat(fiveMinutes.high()).isEqualByComparingTo("104");
        assertThat(fiveMinutes.volume()).isEqualByComparingTo("5");
        assertThat(fiveMinutes.trades()).isEqualTo(5);
        assertThat(all.stream().filter(c -> c.closed() && c.interval() != Interval.M1 && c.interval() != Interval.M5))
                .as("longer intervals are still open").isEmpty();
    }

    @Test
    void showsAnOpenLongerCandleWithItsOpenMinutes() {
        send(trade(1, "100", "1", T0 + 10_000));
        send(trade(2, "120", "1", T0 + 70_000));
        send(trade(3, "90", "1", T0 + 75_000)); // closes minute 0
        driver.advanceWallClockTime(UPDATE);
        CandleUpdated hour = byInterval(decodeAll(candles.readValuesToList()), Interval.H1).stream()
                .filter(c -> !c.closed()).reduce((a, b) -> b).orElseThrow();
        assertThat(hour.trades()).isEqualTo(3);
        assertThat(hour.open()).isEqualByComparingTo("100");
        assertThat(hour.high()).isEqualByComparingTo("120");
        assertThat(hour.close()).isEqualByComparingTo("90");
    }

    @Test
    void rebuildsTheSimulatorsSourceCandlesExactly() {
        SplittableRandom random = new SplittableRandom(42);
        List<Candle> source = new ArrayList<>();
        BigDecimal price = new BigDecimal("43000.00");
        for (int m = 0; m < 45; m++) {
            BigDecimal open = price;
            BigDecimal close = open.multiply(BigDecimal.valueOf(1 + (random.nextDouble() - 0.5) / 100))
                    .setScale(2, RoundingMode.HALF_EVEN);
            BigDecimal high = open.max(close).add(BigDecimal.valueOf(random.nextInt(1, 2000), 2));
            BigDecimal low = open.min(close).subtract(BigDecimal.valueOf(random.nextInt(1, 2000), 2));
            BigDecimal volume = BigDecimal.valueOf(random.nextLong(1, 5_000_000), 5);
            source.add(new Candle(T0 + m * 60_000L, open, high, low, close, volume));
            price = close;
        }
        TradeGenerator generator = new TradeGenerator(7, 40);
        long id = 1_000;
        for (Candle candle : source) {
            for (TradeGenerator.GeneratedTrade t : generator.generate("BTC-USDT", candle, 60_000, id)) {
                send(new TradeRecorded("binance", "BTC-USDT", t.id(), t.price(), t.quantity(), t.buyerMaker(),
                        t.time(), t.time() + 5));
                id = t.id() + 1;
            }
        }
        send(trade(id, "43000", "1", T0 + 50 * 60_000L));

        List<CandleUpdated> all = decodeAll(candles.readValuesToList());
        List<CandleUpdated> minutes = byInterval(all, Interval.M1).stream().filter(CandleUpdated::closed).toList();
        assertThat(minutes).hasSize(source.size());
        for (int i = 0; i < source.size(); i++) {
            Candle expected = source.get(i);
            CandleUpdated actual = minutes.get(i);
            assertThat(actual.openTime()).isEqualTo(expected.openTime());
            assertThat(actual.open()).isEqualByComparingTo(expected.open());
            assertThat(actual.high()).isEqualByComparingTo(expected.high());
            assertThat(actual.low()).isEqualByComparingTo(expected.low());
            assertThat(actual.close()).isEqualByComparingTo(expected.close());
            assertThat(actual.volume()).isEqualByComparingTo(expected.volume());
        }
        List<CandleUpdated> fifteen = byInterval(all, Interval.M15).stream().filter(CandleUpdated::closed).toList();
        assertThat(fifteen).hasSize(3);
        for (int k = 0; k < 3; k++) {
            List<Candle> part = source.subList(k * 15, k * 15 + 15);
            CandleUpdated actual = fifteen.get(k);
            assertThat(actual.open()).isEqualByComparingTo(part.get(0).open());
            assertThat(actual.close()).isEqualByComparingTo(part.get(14).close());
            assertThat(actual.high()).isEqualByComparingTo(part.stream().map(Candle::high).reduce(BigDecimal::max)
                    .orElseThrow());
            assertThat(actual.low()).isEqualByComparingTo(part.stream().map(Candle::low).reduce(BigDecimal::min)
                    .orElseThrow());
            assertThat(actual.volume()).isEqualByComparingTo(part.stream().map(Candle::volume)
                    .reduce(BigDecimal.ZERO, BigDecimal::add));
        }
    }

    @Test
    void computesIndicatorsOnClosedCandlesAndProvisionalOnesOnOpenCandles() {
        IndicatorSet expected = IndicatorSet.of(Interval.M1, IndicatorProcessor.specs());
        IndicatorValues last = null;
        for (int m = 0; m < 30; m++) {
            double p = 100 + Math.sin(m / 3.0) * 5;
            send(trade(m + 1, String.format(java.util.Locale.ROOT, "%.2f", p), "1", T0 + m * 60_000L + 30_000));
            if (m > 0) {
                double prev = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.2f",
                        100 + Math.sin((m - 1) / 3.0) * 5));
                last = expected.update(prev, prev, prev, prev, 1, T0 + (m - 1) * 60_000L);
            }
        }
        List<IndicatorsComputed> values = indicators.readValuesToList().stream()
                .map(b -> codec.decode(b, IndicatorsComputed.class).orElseThrow()).toList();
        List<IndicatorsComputed> minuteFinal = values.stream()
                .filter(v -> v.interval() == Interval.M1 && !v.provisional()).toList();
        assertThat(minuteFinal).hasSize(29);
        IndicatorsComputed lastComputed = minuteFinal.get(28);
        assertThat(lastComputed.openTime()).isEqualTo(T0 + 28 * 60_000L);
        assertThat(lastComputed.values()).containsKey("rsi_14").isEqualTo(last.toMap());

        driver.advanceWallClockTime(UPDATE);
        List<IndicatorsComputed> provisional = indicators.readValuesToList().stream()
                .map(b -> codec.decode(b, IndicatorsComputed.class).orElseThrow())
                .filter(v -> v.interval() == Interval.M1).toList();
        assertThat(provisional).singleElement().satisfies(v -> {
            assertThat(v.provisional()).isTrue();
            assertThat(v.openTime()).isEqualTo(T0 + 29 * 60_000L);
        });
    }

    @Test
    void raisesOneSignalPerRsiCrossing() {
        // Falls for 20 minutes (RSI to oversold), then rises for 20 (RSI leaves oversold once, then overbought).
        long id = 1;
        for (int m = 0; m < 41; m++) {
            double p = m <= 20 ? 200 - m * 2 - (m % 3) * 0.1 : 160 + (m - 20) * 3 + (m % 2) * 0.2;
            send(trade(id++, String.format(java.util.Locale.ROOT, "%.2f", p), "1", T0 + m * 60_000L + 30_000));
        }
        List<SignalRaised> raised = signals.readValuesToList().stream()
                .map(b -> codec.decode(b, SignalRaised.class).orElseThrow())
                .filter(s -> s.interval() == Interval.M1 && s.kind().startsWith("rsi")).toList();
        assertThat(raised).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo("rsi_oversold_exit");
            assertThat(s.direction()).isEqualTo(SignalRaised.Direction.BULLISH);
            assertThat(s.value()).isGreaterThanOrEqualTo(30);
            assertThat(s.threshold()).isEqualTo(30);
        });
    }

    @Test
    void correlatesTheClosedCandlesOfAPairOnceBothClosesOfAnOpenTimeAreKnown() {
        double[] btc = {100, 102, 101, 105, 107, 104};
        double[] eth = {50, 50.5, 50.2, 51.9, 53, 51.5};
        long h = Interval.H1.millis();
        PairCorrelation expected = new PairCorrelation(3);
        List<PairCorrelation.Value> expectedValues = new ArrayList<>();
        for (int i = 0; i < btc.length; i++) {
            pipe(hourCandle("BTC-USDT", i, btc[i], false)); // open: ignored
            pipe(hourCandle("BTC-USDT", i, btc[i], true));
            expectedValues.addAll(expected.add(true, T0 + i * h, btc[i]));
        }
        pipe(hourCandle("SOL-USDT", 0, 20, true)); // in no pair
        assertThat(correlations.readRecordsToList()).as("ETH has no close yet").isEmpty();
        for (int i = 0; i < eth.length; i++) {
            pipe(hourCandle("ETH-USDT", i, eth[i], true));
            pipe(hourCandle("ETH-USDT", i, eth[i], true)); // redelivered
            expectedValues.addAll(expected.add(false, T0 + i * h, eth[i]));
        }

        List<TestRecord<byte[], byte[]>> records = correlations.readRecordsToList();
        assertThat(records).hasSize(3).allSatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("BTC-USDT:ETH-USDT:1h");
            assertThat(new String(r.headers().lastHeader(EventHeaders.TYPE_ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo("CorrelationComputed");
        });
        List<CorrelationComputed> events = records.stream()
                .map(r -> codec.decode(r.value(), CorrelationComputed.class).orElseThrow()).toList();
        assertThat(events).extracting(CorrelationComputed::openTime)
                .containsExactly(T0 + 3 * h, T0 + 4 * h, T0 + 5 * h);
        assertThat(events).extracting(CorrelationComputed::correlation)
                .containsExactlyElementsOf(expectedValues.stream().map(PairCorrelation.Value::correlation).toList());
        assertThat(events.get(0)).isEqualTo(new CorrelationComputed("BTC-USDT", "ETH-USDT", Interval.H1, T0 + 3 * h,
                3, expectedValues.get(0).correlation()));
    }

    @Test
    void theCandleSubTopologyKeepsNumberZeroAndItsTasks() {
        assertThat(topology.describe().subtopologies()).anySatisfy(s -> {
            assertThat(s.id()).isZero();
            assertThat(s.nodes().stream().map(n -> n.name()).toList()).contains("trades", "candles", "indicators");
        });
    }

    private void pipe(CandleUpdated candle) {
        TestRecord<String, byte[]> record = new TestRecord<>(candle.key(), codec.encode(candle),
                new RecordHeaders().add(EventHeaders.TYPE_ID, "CandleUpdated".getBytes(StandardCharsets.UTF_8)),
                candle.openTime());
        candlesIn.pipeInput(record);
    }

    private static CandleUpdated hourCandle(String symbol, int hour, double close, boolean closed) {
        BigDecimal c = BigDecimal.valueOf(close);
        long open = T0 + hour * Interval.H1.millis();
        return new CandleUpdated("binance", symbol, Interval.H1, open, open + Interval.H1.millis() - 1, c, c, c, c,
                BigDecimal.ONE, c, 1, closed, closed ? 1 : 0, "live");
    }

    private TradeRecorded trade(long id, String price, String quantity, long time) {
        return new TradeRecorded("binance", "BTC-USDT", id, new BigDecimal(price), new BigDecimal(quantity), false,
                time, time + 10);
    }

    private void send(TradeRecorded trade) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
        trades.pipeInput(new TestRecord<>(trade.key().getBytes(StandardCharsets.UTF_8), codec.encode(trade), headers,
                trade.receivedAt()));
    }

    private CandleUpdated decode(byte[] bytes) {
        return codec.decode(bytes, CandleUpdated.class).orElseThrow();
    }

    private List<CandleUpdated> decodeAll(List<byte[]> values) {
        return values.stream().map(this::decode).toList();
    }

    private List<CandleUpdated> closed(Interval interval) {
        return byInterval(decodeAll(candles.readValuesToList()), interval).stream().filter(CandleUpdated::closed)
                .toList();
    }

    private static List<CandleUpdated> byInterval(List<?> candles, Interval interval) {
        return candles.stream().map(c -> c instanceof byte[] b ? new EventCodec().decode(b, CandleUpdated.class)
                .orElseThrow() : (CandleUpdated) c).filter(c -> c.interval() == interval).toList();
    }
}
