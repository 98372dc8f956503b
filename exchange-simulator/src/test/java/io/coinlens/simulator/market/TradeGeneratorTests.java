package io.coinlens.simulator.market;

import io.coinlens.simulator.market.TradeGenerator.GeneratedTrade;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invariants that make generated trades a faithful stand-in for each real candle, over every bundled candle. */
class TradeGeneratorTests {

    private static final SeriesCatalog CATALOG = new SeriesCatalog();
    private static final Map<String, List<List<GeneratedTrade>>> GENERATED = new HashMap<>();
    private static final TradeGenerator GENERATOR = new TradeGenerator(42, 40);

    @BeforeAll
    static void generateEveryBundledCandle() {
        for (String name : CATALOG.names()) {
            CandleSeries series = CATALOG.get(name);
            List<List<GeneratedTrade>> perCandle = new ArrayList<>();
            long nextId = 1;
            for (Candle candle : series.candles()) {
                List<GeneratedTrade> trades = GENERATOR.generate(symbol(series), candle, series.intervalMillis(), nextId);
                nextId += trades.size();
                perCandle.add(trades);
            }
            GENERATED.put(name, perCandle);
        }
    }

    private static String symbol(CandleSeries series) {
        return series.baseAsset() + "USDT";
    }

    @ParameterizedTest
    @ValueSource(strings = {SeriesCatalog.BTC_USD_4H, SeriesCatalog.ETH_USD_4H, SeriesCatalog.ETH_USD_1D,
            SeriesCatalog.BTC_USD_1M})
    void everyCandleWithVolumeStartsAtTheOpenAndEndsAtTheClose(String name) {
        forEachCandle(name, (candle, trades) -> {
            if (candle.volume().signum() > 0) {
                assertThat(trades).as("trades of %s", candle).isNotEmpty();
                assertThat(trades.get(0).price()).as("first price of %s", candle).isEqualByComparingTo(candle.open());
                assertThat(trades.get(trades.size() - 1).price()).as("last price of %s", candle)
                        .isEqualByComparingTo(candle.close());
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {SeriesCatalog.BTC_USD_4H, SeriesCatalog.ETH_USD_4H, SeriesCatalog.ETH_USD_1D,
            SeriesCatalog.BTC_USD_1M})
    void pricesStayWithinTheRangeAndReachBothHighAndLow(String name) {
        forEachCandle(name, (candle, trades) -> {
            if (trades.isEmpty()) {
                return;
            }
            BigDecimal max = trades.get(0).price();
            BigDecimal min = trades.get(0).price();
            for (GeneratedTrade t : trades) {
                assertThat(t.price()).as("price in %s", candle).isBetween(candle.low(), candle.high());
                assertThat(t.price().scale()).isEqualTo(candle.priceScale());
                max = max.max(t.price());
                min = min.min(t.price());
            }
            assertThat(max).as("high of %s", candle).isEqualByComparingTo(candle.high());
            assertThat(min).as("low of %s", candle).isEqualByComparingTo(candle.low());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {SeriesCatalog.BTC_USD_4H, SeriesCatalog.ETH_USD_4H, SeriesCatalog.ETH_USD_1D,
            SeriesCatalog.BTC_USD_1M})
    void quantitiesArePositiveAndAddUpExactlyToTheVolume(String name) {
        forEachCandle(name, (candle, trades) -> {
            if (trades.isEmpty()) {
                return;
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (GeneratedTrade t : trades) {
                assertThat(t.quantity().signum()).as("quantity in %s", candle).isPositive();
                assertThat(t.quantity().scale()).isGreaterThanOrEqualTo(candle.volume().scale());
                sum = sum.add(t.quantity());
            }
            assertThat(sum).as("volume of %s", candle).isEqualByComparingTo(candle.volume());
            int scale = Math.max(0, candle.volume().scale());
            if (candle.volume().setScale(scale).unscaledValue().compareTo(java.math.BigInteger.valueOf(4)) >= 0) {
                // Enough units at the volume's own scale for any price path: nothing finer was needed.
                assertThat(trades).allSatisfy(t -> assertThat(t.quantity().scale()).isEqualTo(scale));
                assertThat(sum).isEqualTo(candle.volume().setScale(scale));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {SeriesCatalog.BTC_USD_4H, SeriesCatalog.ETH_USD_4H, SeriesCatalog.ETH_USD_1D,
            SeriesCatalog.BTC_USD_1M})
    void tradeTimesFallInsideTheCandleAndNeverGoBack(String name) {
        long interval = CATALOG.get(name).intervalMillis();
        forEachCandle(name, (candle, trades) -> {
            long previous = Long.MIN_VALUE;
            for (GeneratedTrade t : trades) {
                assertThat(t.time()).isGreaterThanOrEqualTo(candle.openTime()).isLessThan(candle.openTime() + interval);
                assertThat(t.time()).isGreaterThanOrEqualTo(previous);
                previous = t.time();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {SeriesCatalog.BTC_USD_4H, SeriesCatalog.ETH_USD_4H, SeriesCatalog.ETH_USD_1D,
            SeriesCatalog.BTC_USD_1M})
    void tradeIdsIncreaseByOneAcrossCandles(String name) {
        long expected = 1;
        for (List<GeneratedTrade> trades : GENERATED.get(name)) {
            for (GeneratedTrade t : trades) {
                assertThat(t.id()).isEqualTo(expected++);
            }
        }
        assertThat(expected).isGreaterThan(CATALOG.get(name).candles().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {SeriesCatalog.BTC_USD_4H, SeriesCatalog.ETH_USD_4H, SeriesCatalog.ETH_USD_1D,
            SeriesCatalog.BTC_USD_1M})
    void reAggregatedTradesEqualTheSourceCandle(String name) {
        long interval = CATALOG.get(name).intervalMillis();
        forEachCandle(name, (candle, trades) -> {
            if (candle.volume().signum() == 0) {
                assertThat(trades).isEmpty();
                return;
            }
            Candle rebuilt = aggregate(trades, interval);
            assertThat(rebuilt.openTime()).isEqualTo(candle.openTime());
            assertThat(rebuilt.open()).isEqualByComparingTo(candle.open());
            assertThat(rebuilt.high()).isEqualByComparingTo(candle.high());
            assertThat(rebuilt.low()).isEqualByComparingTo(candle.low());
            assertThat(rebuilt.close()).isEqualByComparingTo(candle.close());
            assertThat(rebuilt.volume()).isEqualByComparingTo(candle.volume());
        });
    }

    @Test
    void zeroVolumeCandlesOfTheMinuteSeriesProduceNoTrades() {
        CandleSeries minutes = CATALOG.get(SeriesCatalog.BTC_USD_1M);
        List<Candle> empty = minutes.candles().stream().filter(c -> c.volume().signum() == 0).toList();
        assertThat(empty).hasSize(45);
        for (Candle candle : empty) {
            assertThat(GENERATOR.generate("BTCUSDT", candle, minutes.intervalMillis(), 1)).isEmpty();
        }
    }

    @Test
    void theSameSeedGivesTheSameTradesAndAnotherSeedDifferentOnes() {
        CandleSeries series = CATALOG.get(SeriesCatalog.BTC_USD_4H);
        Candle candle = series.candles().get(1234);
        List<GeneratedTrade> first = new TradeGenerator(7, 40).generate("BTCUSDT", candle, series.intervalMillis(), 1);
        List<GeneratedTrade> again = new TradeGenerator(7, 40).generate("BTCUSDT", candle, series.intervalMillis(), 1);
        List<GeneratedTrade> other = new TradeGenerator(8, 40).generate("BTCUSDT", candle, series.intervalMillis(), 1);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(aggregate(other, series.intervalMillis())).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(aggregate(first, series.intervalMillis()));
    }

    @Test
    void aVolumeWithTooFewUnitsAtItsScaleIsSplitAtAFinerScale() {
        Candle candle = new Candle(0, new BigDecimal("10.00"), new BigDecimal("12.00"), new BigDecimal("9.00"),
                new BigDecimal("11.00"), new BigDecimal("2"));
        List<GeneratedTrade> trades = GENERATOR.generate("ETHUSDT", candle, 60_000, 1);
        assertThat(trades).hasSizeGreaterThanOrEqualTo(4);
        assertThat(trades.stream().map(GeneratedTrade::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("2");
        assertThat(trades).allSatisfy(t -> assertThat(t.quantity().signum()).isPositive());
        assertThat(aggregate(trades, 60_000).high()).isEqualByComparingTo("12.00");
        assertThat(aggregate(trades, 60_000).low()).isEqualByComparingTo("9.00");
    }

    @Test
    void aFlatCandleTradesAtItsOnePrice() {
        Candle candle = new Candle(0, new BigDecimal("5"), new BigDecimal("5"), new BigDecimal("5"),
                new BigDecimal("5"), new BigDecimal("0.00000003"));
        List<GeneratedTrade> trades = GENERATOR.generate("ETHUSDT", candle, 60_000, 100);
        assertThat(trades).isNotEmpty().hasSizeLessThanOrEqualTo(3)
                .allSatisfy(t -> assertThat(t.price()).isEqualByComparingTo("5"));
        assertThat(trades.get(0).id()).isEqualTo(100);
    }

    @Test
    void rejectsACandleWhoseCloseIsOutsideItsRange() {
        assertThatThrownBy(() -> new Candle(0, BigDecimal.ONE, new BigDecimal("2"), BigDecimal.ONE, BigDecimal.TEN,
                BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }

    static Candle aggregate(List<GeneratedTrade> trades, long interval) {
        BigDecimal high = trades.get(0).price();
        BigDecimal low = trades.get(0).price();
        BigDecimal volume = BigDecimal.ZERO;
        for (GeneratedTrade t : trades) {
            high = high.max(t.price());
            low = low.min(t.price());
            volume = volume.add(t.quantity());
        }
        long openTime = Math.floorDiv(trades.get(0).time(), interval) * interval;
        return new Candle(openTime, trades.get(0).price(), high, low, trades.get(trades.size() - 1).price(), volume);
    }

    private static void forEachCandle(String name, CandleCheck check) {
        List<Candle> candles = CATALOG.get(name).candles();
        List<List<GeneratedTrade>> generated = GENERATED.get(name);
        assertThat(generated).hasSameSizeAs(candles);
        for (int i = 0; i < candles.size(); i++) {
            check.accept(candles.get(i), generated.get(i));
        }
    }

    @FunctionalInterface
    private interface CandleCheck {
        void accept(Candle candle, List<GeneratedTrade> trades);
    }
}
