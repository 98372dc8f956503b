package io.coinlens.analytics.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.coinlens.contracts.Interval;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IndicatorSetTests {

    static CandleSeries btc;

    @BeforeAll
    static void load() {
        btc = Oracles.btc4h();
    }

    static void update(IndicatorSet set, int i) {
        set.update(btc.open(i), btc.high(i), btc.low(i), btc.close(i), btc.volume(i), btc.openTime(i));
    }

    @Test
    void defaultSetPublishesTheAgreedNamesWithTaLibLookbacks() {
        IndicatorSet set = IndicatorSet.defaults(Interval.H4);
        Map<String, Integer> lookbacks = new LinkedHashMap<>();
        for (String name : set.names()) {
            lookbacks.put(name, set.lookback(name));
        }
        assertThat(lookbacks).containsExactly(entry("sma_20", 19), entry("ema_20", 19), entry("wma_20", 19),
                entry("rsi_14", 14), entry("macd", 33), entry("macd_signal", 33), entry("macd_hist", 33),
                entry("bb_upper", 19), entry("bb_middle", 19), entry("bb_lower", 19), entry("atr_14", 14),
                entry("natr_14", 14), entry("adx_14", 27), entry("plus_di_14", 14), entry("minus_di_14", 14),
                entry("stoch_k", 17), entry("stoch_d", 17), entry("cci_20", 19), entry("willr_14", 13),
                entry("mfi_14", 14), entry("obv", 0), entry("roc_10", 10), entry("stddev_20", 19), entry("vwap", 0),
                entry("rv_30", 30));
    }

    @Test
    void reportsNothingBeforeTheLookbackAndAValueFromIt() {
        IndicatorSet set = IndicatorSet.defaults(Interval.H4);
        for (int i = 0; i < 60; i++) {
            IndicatorValues values = set.update(btc.open(i), btc.high(i), btc.low(i), btc.close(i), btc.volume(i),
                    btc.openTime(i));
            for (String name : set.names()) {
                assertThat(values.has(name)).as("%s at index %d", name, i).isEqualTo(i >= set.lookback(name));
            }
            int index = i;
            assertThat(values.toMap().keySet()).allMatch(name -> index >= set.lookback(name));
            assertThat(values.toMap().values()).allMatch(Double::isFinite);
        }
    }

    @Test
    void absentValueIsNeitherZeroNorNaNToCallers() {
        IndicatorSet set = IndicatorSet.defaults(Interval.H4);
        IndicatorValues values = set.update(100, 101, 99, 100.5, 10, 0);
        assertThat(values.toMap()).containsOnlyKeys("obv", "vwap");
        assertThat(values.has("sma_20")).isFalse();
        assertThatThrownBy(() -> values.get("sma_20")).hasMessageContaining("warming up");
        assertThatThrownBy(() -> values.get("nope")).hasMessageContaining("no indicator named nope");
    }

    @Test
    void peekEqualsTheUpdateOfTheSameCandleAndLeavesTheStateUntouched() {
        IndicatorSet peeking = IndicatorSet.defaults(Interval.H4);
        IndicatorSet plain = IndicatorSet.defaults(Interval.H4);
        IndicatorValues provisional = peeking.newValues();
        for (int i = 0; i < 3_000; i++) {
            // Provisional states of the open candle, as trades arrive: the first trade, a spike, then the close.
            peeking.peek(btc.open(i), btc.open(i), btc.open(i), btc.open(i), 0.0, btc.openTime(i), provisional);
            peeking.peek(btc.open(i), btc.high(i) * 1.5, btc.low(i) * 0.5, btc.high(i), btc.volume(i) * 3,
                    btc.openTime(i), provisional);
            peeking.peek(btc.open(i), btc.high(i), btc.low(i), btc.close(i), btc.volume(i), btc.openTime(i),
                    provisional);
            assertThat(provisional.provisional()).isTrue();
            update(peeking, i);
            update(plain, i);
            assertThat(peeking.latest().toMap()).isEqualTo(provisional.toMap()).isEqualTo(plain.latest().toMap());
        }
        assertThat(peeking.snapshot()).isEqualTo(plain.snapshot());
    }

    @Test
    void restoredSetContinuesExactlyAsTheUninterruptedOne() {
        for (int cut : new int[] {0, 1, 7, 20, 33, 500, 10_007}) {
            IndicatorSet uninterrupted = IndicatorSet.defaults(Interval.H4);
            for (int i = 0; i < cut; i++) {
                update(uninterrupted, i);
            }
            byte[] snapshot = uninterrupted.snapshot();
            IndicatorSet restored = IndicatorSet.restore(snapshot);
            assertThat(restored.snapshot()).isEqualTo(snapshot);
            assertThat(restored.count()).isEqualTo(cut);
            assertThat(restored.names()).isEqualTo(uninterrupted.names());
            for (int i = cut; i < cut + 2_000; i++) {
                update(uninterrupted, i);
                update(restored, i);
                assertThat(restored.latest().toMap()).as("after a cut at %d, candle %d", cut, i)
                        .isEqualTo(uninterrupted.latest().toMap());
            }
            assertThat(restored.snapshot()).isEqualTo(uninterrupted.snapshot());
        }
    }

    @Test
    void snapshotIsCompact() {
        IndicatorSet set = IndicatorSet.defaults(Interval.H4);
        for (int i = 0; i < 1_000; i++) {
            update(set, i);
        }
        // About 250 doubles of windows and running state.
        assertThat(set.snapshot().length).isLessThan(3_000);
    }

    @Test
    void restoreRejectsGarbage() {
        assertThatThrownBy(() -> IndicatorSet.restore(new byte[] {9, 9, 9})).isInstanceOf(
                IllegalArgumentException.class);
        byte[] snapshot = IndicatorSet.defaults(Interval.H4).snapshot();
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 3);
        assertThatThrownBy(() -> IndicatorSet.restore(truncated)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsCandlesOutOfOrderAndInvalidPrices() {
        IndicatorSet set = IndicatorSet.defaults(Interval.H4);
        set.update(100, 101, 99, 100, 1, 14_400_000L);
        assertThatThrownBy(() -> set.update(100, 101, 99, 100, 1, 14_400_000L))
                .hasMessageContaining("not after the last committed");
        assertThatThrownBy(() -> set.peek(100, 101, 99, 100, 1, 0)).hasMessageContaining("not after");
        assertThatThrownBy(() -> set.update(100, 99, 101, 100, 1, 28_800_000L)).hasMessageContaining("not a valid");
        assertThatThrownBy(() -> set.update(100, 101, 99, Double.NaN, 1, 28_800_000L))
                .hasMessageContaining("not a valid");
        assertThatThrownBy(() -> set.update(100, 101, 0, 100, 1, 28_800_000L)).hasMessageContaining("not a valid");
        assertThat(set.count()).isEqualTo(1);
    }

    @Test
    void vwapStartsAgainAtEachUtcDay() {
        IndicatorSet set = IndicatorSet.of(Interval.H4, IndicatorSpec.vwap());
        long day = 86_400_000L;
        assertThat(set.update(10, 12, 9, 11, 2, day - 4 * 3_600_000L).get("vwap")).isEqualTo(32 / 3.0 + 0.0);
        assertThat(set.update(20, 21, 19, 20, 0, day).has("vwap")).isFalse();
        assertThat(set.update(20, 22, 19, 19, 1, day + 4 * 3_600_000L).get("vwap")).isEqualTo(20.0);
        assertThat(set.update(20, 26, 20, 23, 1, day + 8 * 3_600_000L).get("vwap")).isEqualTo(21.5);
    }

    @Test
    void realizedVolatilityIsAnnualizedByTheCandlesInA365DayYear() {
        IndicatorSet daily = IndicatorSet.of(Interval.D1, IndicatorSpec.rv(4));
        IndicatorSet fourHourly = IndicatorSet.of(Interval.H4, IndicatorSpec.rv(4));
        double[] closes = {100, 101, 99, 102, 100};
        IndicatorValues d = null;
        IndicatorValues h = null;
        for (int i = 0; i < closes.length; i++) {
            d = daily.update(closes[i], closes[i], closes[i], closes[i], 1, i * 86_400_000L);
            h = fourHourly.update(closes[i], closes[i], closes[i], closes[i], 1, i * 14_400_000L);
        }
        double[] r = new double[4];
        double mean = 0;
        for (int i = 0; i < 4; i++) {
            r[i] = Math.log(closes[i + 1] / closes[i]);
            mean += r[i] / 4;
        }
        double variance = 0;
        for (double x : r) {
            variance += (x - mean) * (x - mean) / 3;
        }
        assertThat(d.get("rv_4")).isCloseTo(Math.sqrt(variance * 365), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(h.get("rv_4")).isCloseTo(Math.sqrt(variance * 365 * 6),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void flatWindowsGiveZeroSpreadExactly() {
        for (double flat : new double[] {61_234.56, 0.1, 0.00001234, 3.3}) {
            IndicatorSet set = IndicatorSet.of(Interval.M1, IndicatorSpec.stddev(5), IndicatorSpec.bbands(5, 2),
                    IndicatorSpec.willr(5), IndicatorSpec.stoch(5, 3, 3), IndicatorSpec.cci(5), IndicatorSpec.rv(5));
            for (int i = 0; i < 43; i++) {
                // A volatile stretch, then an illiquid market printing the same price (rounding residue territory).
                double price = i < 20 ? flat * (1 + 0.1 * Math.sin(i)) : flat;
                set.update(price, price, price, price, 1, i * 60_000L);
                if (i >= 24) {
                    IndicatorValues v = set.latest();
                    assertThat(v.get("stddev_5")).as("stddev of %s", flat).isZero();
                    assertThat(v.get("bb_upper_5_2")).isEqualTo(v.get("bb_lower_5_2"));
                    assertThat(v.get("willr_5")).isZero();
                    assertThat(v.get("cci_5")).as("cci of %s at %d", flat, i).isZero();
                }
                if (i >= 25) {
                    // Five zero returns need six equal closes.
                    assertThat(set.latest().get("rv_5")).isZero();
                }
                if (i >= 28) {
                    assertThat(set.latest().get("stoch_k_5_3_3")).isZero();
                }
            }
        }
    }

    @Test
    void updateAndPeekAllocateNothingOnceWarm() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        IndicatorSet set = IndicatorSet.defaults(Interval.H4);
        IndicatorValues out = set.newValues();
        for (int i = 0; i < 5_000; i++) {
            update(set, i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 5_000; i < 15_000; i++) {
            set.peek(btc.open(i), btc.high(i), btc.low(i), btc.close(i), btc.volume(i), btc.openTime(i), out);
            set.update(btc.open(i), btc.high(i), btc.low(i), btc.close(i), btc.volume(i), btc.openTime(i), out);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // 20,000 calls; a single boxed value per call would already be 320 kB.
        assertThat(allocated).isLessThan(4_096);
    }

    @Test
    void specsRoundTripThroughTheirIdsAndNameNonDefaultParameters() {
        for (IndicatorSpec spec : IndicatorSpec.defaults()) {
            assertThat(IndicatorSpec.parse(spec.id())).isEqualTo(spec);
        }
        assertThat(IndicatorSpec.parse("macd").names()).containsExactly("macd", "macd_signal", "macd_hist");
        assertThat(IndicatorSpec.parse("macd_5_35_5").names())
                .containsExactly("macd_5_35_5", "macd_signal_5_35_5", "macd_hist_5_35_5");
        assertThat(IndicatorSpec.parse("bb_50_2.5").names())
                .containsExactly("bb_upper_50_2.5", "bb_middle_50_2.5", "bb_lower_50_2.5");
        assertThat(IndicatorSpec.parse("SMA_50")).isEqualTo(IndicatorSpec.sma(50));
        assertThat(IndicatorSpec.parse("adx_7").names()).containsExactly("adx_7", "plus_di_7", "minus_di_7");
        assertThat(IndicatorSpec.parse("stddev_20_1.5").names()).containsExactly("stddev_20_1.5");
        assertThatThrownBy(() -> IndicatorSpec.parse("sma_1")).hasMessageContaining("between 2 and 100000");
        assertThatThrownBy(() -> IndicatorSpec.parse("sma_1000000")).hasMessageContaining("between 2 and 100000");
        assertThat(new IndicatorSpec(IndicatorSpec.Kind.SMA, 20, 5, 3, 2)).isEqualTo(IndicatorSpec.sma(20));
        assertThatThrownBy(() -> IndicatorSpec.parse("foo_3")).hasMessageContaining("unknown indicator");
        assertThatThrownBy(() -> IndicatorSpec.parse("sma_x")).hasMessageContaining("bad parameter");
        assertThatThrownBy(() -> IndicatorSpec.parse("obv_3")).hasMessageContaining("too many");
    }

    @Test
    void batchRecomputationWithAnyParametersEqualsTheStreamedValues() {
        List<IndicatorSpec> specs = List.of(IndicatorSpec.parse("sma_50"), IndicatorSpec.parse("macd_5_35_5"),
                IndicatorSpec.parse("rsi_7"), IndicatorSpec.parse("stoch_5_3_3"));
        IndicatorTable table = IndicatorTable.compute(btc, Interval.H4, specs);
        IndicatorSet set = IndicatorSet.of(Interval.H4, specs);
        for (int i = 0; i < 500; i++) {
            update(set, i);
            assertThat(table.row(i)).isEqualTo(set.latest().toMap());
        }
        assertThat(table.has("sma_50", 48)).isFalse();
        assertThat(table.get("sma_50", 49)).isEqualTo(NaiveIndicators.mean(closes(), 0, 49),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    private static double[] closes() {
        double[] c = new double[btc.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = btc.close(i);
        }
        return c;
    }
}
