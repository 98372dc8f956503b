package io.coinlens.analytics.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinlens.contracts.Interval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The incremental engine against {@link NaiveIndicators} (each window recomputed from scratch) over the bundled
 * Coinbase BTC-USD 4h series, 20,695 candles from 2016 to 2025.
 *
 * <p>Within 1e-9 relative. Near zero a relative error means nothing, so each output is compared relative to
 * max(|value|, scale): the close for outputs in price units whose value crosses zero (MACD lines), 1 for
 * oscillators on a 0-100 or percent scale and for the correlation, 0 (pure relative) for the rest.
 */
class IncrementalVersusBatchTests {

    static CandleSeries btc;
    static IndicatorTable table;
    static double[] open;
    static double[] high;
    static double[] low;
    static double[] close;
    static double[] volume;
    static long[] times;

    @BeforeAll
    static void computeOnce() {
        btc = Oracles.btc4h();
        table = IndicatorTable.compute(btc, Interval.H4, IndicatorSpec.defaults());
        int n = btc.size();
        open = new double[n];
        high = new double[n];
        low = new double[n];
        close = new double[n];
        volume = new double[n];
        times = new long[n];
        for (int i = 0; i < n; i++) {
            open[i] = btc.open(i);
            high[i] = btc.high(i);
            low[i] = btc.low(i);
            close[i] = btc.close(i);
            volume[i] = btc.volume(i);
            times[i] = btc.openTime(i);
        }
    }

    @Test
    void everyDefaultIndicatorMatchesTheStraightforwardComputation() {
        Map<String, double[]> naive = new HashMap<>();
        naive.put("sma_20", NaiveIndicators.sma(close, 20));
        naive.put("ema_20", NaiveIndicators.ema(close, 20, 19));
        naive.put("wma_20", NaiveIndicators.wma(close, 20));
        naive.put("rsi_14", NaiveIndicators.rsi(close, 14));
        double[][] macd = NaiveIndicators.macd(close, 12, 26, 9);
        naive.put("macd", macd[0]);
        naive.put("macd_signal", macd[1]);
        naive.put("macd_hist", macd[2]);
        double[] middle = NaiveIndicators.sma(close, 20);
        double[] sd = NaiveIndicators.stddev(close, 20);
        double[] upper = NaiveIndicators.nan(close.length);
        double[] lower = NaiveIndicators.nan(close.length);
        for (int i = 19; i < close.length; i++) {
            upper[i] = middle[i] + 2 * sd[i];
            lower[i] = middle[i] - 2 * sd[i];
        }
        naive.put("bb_upper", upper);
        naive.put("bb_middle", middle);
        naive.put("bb_lower", lower);
        double[] atr = NaiveIndicators.atr(high, low, close, 14);
        naive.put("atr_14", atr);
        double[] natr = NaiveIndicators.nan(close.length);
        for (int i = 14; i < close.length; i++) {
            natr[i] = atr[i] / close[i] * 100;
        }
        naive.put("natr_14", natr);
        double[][] adx = NaiveIndicators.adx(high, low, close, 14);
        naive.put("adx_14", adx[0]);
        naive.put("plus_di_14", adx[1]);
        naive.put("minus_di_14", adx[2]);
        double[][] stoch = NaiveIndicators.stoch(high, low, close, 14, 3, 3);
        naive.put("stoch_k", stoch[0]);
        naive.put("stoch_d", stoch[1]);
        naive.put("cci_20", NaiveIndicators.cci(high, low, close, 20));
        naive.put("willr_14", NaiveIndicators.willr(high, low, close, 14));
        naive.put("mfi_14", NaiveIndicators.mfi(high, low, close, volume, 14));
        naive.put("obv", NaiveIndicators.obv(close, volume));
        naive.put("roc_10", NaiveIndicators.roc(close, 10));
        naive.put("stddev_20", sd);
        naive.put("vwap", NaiveIndicators.vwap(times, high, low, close, volume));
        naive.put("rv_30", NaiveIndicators.realizedVolatility(close, 30, 365 * 6));

        assertThat(naive.keySet()).containsExactlyInAnyOrderElementsOf(table.names());
        List<String> failures = new ArrayList<>();
        for (String name : table.names()) {
            double[] expected = naive.get(name);
            double worst = 0;
            int worstRow = -1;
            for (int row = 0; row < close.length; row++) {
                boolean present = table.has(name, row);
                assertThat(present).as("%s present at row %d", name, row).isEqualTo(!Double.isNaN(expected[row]));
                if (!present) {
                    continue;
                }
                double e = expected[row];
                double error = Math.abs(table.get(name, row) - e) / Math.max(Math.abs(e), scale(name, row));
                if (error > worst) {
                    worst = error;
                    worstRow = row;
                }
            }
            if (worst > 1e-9) {
                failures.add(name + " relative error " + worst + " at row " + worstRow);
            }
        }
        assertThat(failures).isEmpty();
    }

    private static double scale(String name, int row) {
        return switch (name) {
            case "macd", "macd_signal", "macd_hist" -> close[row];
            case "sma_20", "ema_20", "wma_20", "bb_upper", "bb_middle", "bb_lower", "atr_14", "stddev_20", "vwap",
                    "rv_30", "obv" -> 0.0;
            default -> 1.0;
        };
    }

    @Test
    void correlationOfBtcAndEthMatchesTheStraightforwardComputation() {
        CandleSeries eth = Oracles.eth4h();
        Map<Long, Double> ethClose = new HashMap<>();
        for (int i = 0; i < eth.size(); i++) {
            ethClose.put(eth.openTime(i), eth.close(i));
        }
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < btc.size(); i++) {
            Double y = ethClose.get(btc.openTime(i));
            if (y != null) {
                pairs.add(new double[] {btc.close(i), y});
            }
        }
        double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
        assertThat(x.length).isGreaterThan(20_000);
        double[] expected = NaiveIndicators.correlation(x, y, 30);
        Correlation correlation = new Correlation(30);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            boolean present = correlation.update(x[i], y[i]);
            assertThat(present).isEqualTo(i >= 29);
            if (present) {
                worst = Math.max(worst, Math.abs(correlation.value() - expected[i]));
            }
        }
        assertThat(worst).isLessThan(1e-9);
    }
}
