package io.coinlens.analytics.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinlens.contracts.Interval;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.CCIIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.StochasticOscillatorDIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.WMAIndicator;
import org.ta4j.core.indicators.WilliamsRIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.adx.MinusDIIndicator;
import org.ta4j.core.indicators.adx.PlusDIIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

/**
 * ta4j 0.17 (with {@code DoubleNum}) over the first 3,000 BTC-USD 4h candles, within 1e-9 relative.
 *
 * <p>Windowed indicators that ta4j defines as TA-Lib does are compared from their first value. ta4j seeds its
 * EMA and Wilder averages (EMA, RSI, MACD, ATR, ADX/DI) with the first value instead of TA-Lib's SMA of the first
 * period, and counts the first candle's high - low as a true range: those are compared from candle 1,000, where
 * the seed's weight, at most (25/27)^970 for the 26-period EMA, is below 1e-30. ta4j's OBV starts at 0 where
 * TA-Lib's starts at the first volume, so OBV is compared net of that constant. Not compared: ta4j's VWAP (a
 * rolling window, not a session) and realized volatility (no ta4j counterpart).
 */
class Ta4jCrossCheckTests {

    static final int N = 3_000;
    static final int CONVERGED = 1_000;

    static IndicatorTable ours;
    static BarSeries series;
    static double[] close;

    @BeforeAll
    static void compute() {
        CandleSeries btc = Oracles.btc4h();
        CandleSeries.Builder head = CandleSeries.builder();
        series = new BaseBarSeriesBuilder().withName("BTC-USD").withNumTypeOf(DoubleNum.class).build();
        close = new double[N];
        for (int i = 0; i < N; i++) {
            head.add(btc.openTime(i), btc.open(i), btc.high(i), btc.low(i), btc.close(i), btc.volume(i));
            series.addBar(Duration.ofHours(4),
                    Instant.ofEpochMilli(btc.openTime(i) + Interval.H4.millis()).atZone(ZoneOffset.UTC),
                    btc.open(i), btc.high(i), btc.low(i), btc.close(i), btc.volume(i));
            close[i] = btc.close(i);
        }
        List<IndicatorSpec> specs = new ArrayList<>(IndicatorSpec.defaults());
        specs.add(IndicatorSpec.stoch(14, 1, 3));
        ours = IndicatorTable.compute(head.build(), Interval.H4, specs);
    }

    record Peer(Indicator<Num> indicator, int from, double scale) {
    }

    @Test
    void agreesWithTa4jWhereTheDefinitionsMatch() {
        ClosePriceIndicator c = new ClosePriceIndicator(series);
        BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(new SMAIndicator(c, 20));
        StandardDeviationIndicator sd = new StandardDeviationIndicator(c, 20);
        MACDIndicator macd = new MACDIndicator(c, 12, 26);
        StochasticOscillatorKIndicator k = new StochasticOscillatorKIndicator(series, 14);
        Map<String, Peer> peers = new LinkedHashMap<>();
        peers.put("sma_20", new Peer(new SMAIndicator(c, 20), 19, 0));
        peers.put("wma_20", new Peer(new WMAIndicator(c, 20), 19, 0));
        peers.put("bb_middle", new Peer(middle, 19, 0));
        peers.put("bb_upper", new Peer(new BollingerBandsUpperIndicator(middle, sd, series.numOf(2)), 19, 0));
        peers.put("bb_lower", new Peer(new BollingerBandsLowerIndicator(middle, sd, series.numOf(2)), 19, 0));
        peers.put("stddev_20", new Peer(sd, 19, 0));
        peers.put("cci_20", new Peer(new CCIIndicator(series, 20), 19, 1));
        peers.put("willr_14", new Peer(new WilliamsRIndicator(series, 14), 13, 1));
        peers.put("roc_10", new Peer(new ROCIndicator(c, 10), 10, 1));
        peers.put("mfi_14", new Peer(new MoneyFlowIndexIndicator(series, 14), 14, 1));
        peers.put("stoch_k_14_1_3", new Peer(k, 15, 1));
        peers.put("stoch_d_14_1_3", new Peer(new StochasticOscillatorDIndicator(k), 15, 1));
        peers.put("ema_20", new Peer(new EMAIndicator(c, 20), CONVERGED, 0));
        peers.put("rsi_14", new Peer(new RSIIndicator(c, 14), CONVERGED, 1));
        peers.put("macd", new Peer(macd, CONVERGED, -1));
        peers.put("macd_signal", new Peer(macd.getSignalLine(9), CONVERGED, -1));
        peers.put("macd_hist", new Peer(macd.getHistogram(9), CONVERGED, -1));
        peers.put("atr_14", new Peer(new ATRIndicator(series, 14), CONVERGED, 0));
        peers.put("adx_14", new Peer(new ADXIndicator(series, 14), CONVERGED, 1));
        peers.put("plus_di_14", new Peer(new PlusDIIndicator(series, 14), CONVERGED, 1));
        peers.put("minus_di_14", new Peer(new MinusDIIndicator(series, 14), CONVERGED, 1));

        List<String> failures = new ArrayList<>();
        peers.forEach((name, peer) -> {
            double worst = 0;
            for (int i = 0; i < N; i++) {
                // In order: ta4j's cached recursive indicators would otherwise recurse thousands of frames deep.
                double theirs = peer.indicator().getValue(i).doubleValue();
                if (i < peer.from()) {
                    continue;
                }
                double scale = peer.scale() < 0 ? close[i] : peer.scale();
                double mine = ours.get(name, i);
                if (name.startsWith("mfi") && (mine == 0.0 || mine == 100.0)) {
                    // ta4j clamps each flow sum to at least 1, so a window without down (or up) moves gives
                    // 100 - 100 / (1 + flow) there instead of 100.
                    continue;
                }
                worst = Math.max(worst, Math.abs(mine - theirs) / Math.max(Math.abs(theirs), scale));
            }
            if (worst > 1e-9) {
                failures.add(name + ": " + worst);
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    void obvMovesAsTa4jsDoes() {
        OnBalanceVolumeIndicator obv = new OnBalanceVolumeIndicator(series);
        double offset = ours.get("obv", 0) - obv.getValue(0).doubleValue();
        assertThat(offset).isEqualTo(series.getBar(0).getVolume().doubleValue());
        for (int i = 0; i < N; i++) {
            double theirs = obv.getValue(i).doubleValue();
            assertThat(ours.get("obv", i) - offset).as("row %d", i)
                    .isCloseTo(theirs, org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(theirs))));
        }
    }
}
