package io.coinlens.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coinlens.analytics.correlation.PairCorrelation;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.Interval;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The live correlation and {@code GET /api/v1/analytics/correlation} agree on the same candles: at every open time the
 * live one publishes, the endpoint over the candles up to that time gives the same value, and where the live one
 * publishes nothing, neither does the endpoint.
 */
class LiveCorrelationAgreementTests {

    private static final long H = Interval.H1.millis();
    private static final long T0 = 1_763_769_600_000L;
    private static final int PERIOD = 20;

    @Test
    void liveValuesEqualTheQueryEndpointsOnTheSameCandlesWhateverTheGaps() {
        SplittableRandom random = new SplittableRandom(7);
        List<CandleUpdated> btc = new ArrayList<>();
        List<CandleUpdated> eth = new ArrayList<>();
        double b = 64_000;
        double e = 3_100;
        for (int i = 0; i < 400; i++) {
            double common = gaussian(random) * 0.01;
            b *= Math.exp(common + gaussian(random) * 0.004);
            e *= Math.exp(1.2 * common + gaussian(random) * 0.008);
            boolean neither = i % 97 == 50;                 // no trades in either: one return spans it
            boolean btcOnly = i % 131 == 70 || i == 301;    // ETH had no trades: windows start over
            boolean ethOnly = i % 149 == 120;
            if (!neither && !ethOnly) {
                btc.add(candle("BTC-USDT", i, b));
            }
            if (!neither && !btcOnly) {
                eth.add(candle("ETH-USDT", i, e));
            }
        }

        Map<Long, Double> live = new HashMap<>();
        PairCorrelation pair = new PairCorrelation(PERIOD);
        int nextBtc = 0;
        int nextEth = 0;
        while (nextBtc < btc.size() || nextEth < eth.size()) {
            // Each symbol in order, the two interleaved at random, sometimes many hours apart.
            boolean takeBtc = nextEth == eth.size() || nextBtc < btc.size() && random.nextInt(3) == 0;
            CandleUpdated c = takeBtc ? btc.get(nextBtc++) : eth.get(nextEth++);
            for (PairCorrelation.Value v : pair.add(takeBtc, c.openTime(), c.close().doubleValue())) {
                assertThat(live.put(v.openTime(), v.correlation())).as("published once").isNull();
            }
        }

        TreeSet<Long> openTimes = new TreeSet<>();
        btc.forEach(c -> openTimes.add(c.openTime()));
        eth.forEach(c -> openTimes.add(c.openTime()));
        int agreed = 0;
        for (long t : openTimes) {
            Object query = CompatibilityController.correlation("BTC-USDT", "ETH-USDT", Interval.H1, PERIOD,
                    latest(btc, t), latest(eth, t)).get("correlation");
            Double value = live.get(t);
            if (value == null) {
                assertThat(query).as("the endpoint at %d", t).isNull();
            } else {
                assertThat((Double) query).as("the endpoint at %d", t).isNotNull().isCloseTo(value, within(1e-9));
                agreed++;
            }
        }
        assertThat(agreed).as("values compared").isGreaterThan(200);
        assertThat(live).hasSize(agreed);
    }

    /** What the endpoint reads: the latest {@code PERIOD + 1} closed candles up to {@code t}, oldest first. */
    private static List<CandleUpdated> latest(List<CandleUpdated> candles, long t) {
        List<CandleUpdated> upTo = candles.stream().filter(c -> c.openTime() <= t).toList();
        return upTo.subList(Math.max(0, upTo.size() - PERIOD - 1), upTo.size());
    }

    private static double gaussian(SplittableRandom random) {
        // A standard normal draw (Box-Muller).
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static CandleUpdated candle(String symbol, int hour, double price) {
        BigDecimal close = BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_EVEN);
        long open = T0 + hour * H;
        return new CandleUpdated("binance", symbol, Interval.H1, open, open + H - 1, close, close, close, close,
                BigDecimal.ONE, close, 1, true, 1, "live");
    }
}
