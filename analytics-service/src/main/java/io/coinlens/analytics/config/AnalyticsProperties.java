package io.coinlens.analytics.config;

import io.coinlens.analytics.correlation.CorrelationPair;
import io.coinlens.contracts.Interval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of analytics-service, under {@code coinlens.analytics}. */
@Validated
@ConfigurationProperties("coinlens.analytics")
public record AnalyticsProperties(@DefaultValue Candles candles, @DefaultValue Query query,
        @DefaultValue Correlation correlation) {

    /**
     * @param grace          how late a trade may arrive and still be counted in its 1m candle
     * @param updateInterval how often, at most, an open candle is republished (wall-clock time)
     */
    public record Candles(@DefaultValue("5s") Duration grace, @DefaultValue("1s") Duration updateInterval) {
    }

    /**
     * @param cacheTtl  how long a compatibility endpoint's answer is reused
     * @param cacheSize how many answers are kept
     */
    public record Query(@DefaultValue("5s") Duration cacheTtl, @DefaultValue("1000") int cacheSize) {
    }

    /**
     * The live correlations published on {@code analytics.correlations.v1}.
     *
     * @param pairs     {@code SYMBOL:OTHER} pairs, e.g. {@code BTC-USDT:ETH-USDT}; each is computed in every interval
     * @param intervals interval codes ({@code 1m} ... {@code 1d})
     * @param period    log returns per value: the default of {@code /api/v1/analytics/correlation}'s {@code period}
     */
    public record Correlation(@DefaultValue({"BTC-USDT:ETH-USDT", "BTC-USD:ETH-USD"}) List<String> pairs,
            @DefaultValue({"1m", "5m", "15m", "1h", "4h", "1d"}) List<String> intervals,
            @DefaultValue("90") int period) {

        public Correlation {
            pairs = List.copyOf(pairs);
            intervals = List.copyOf(intervals);
            if (period < 2 || period > 999) {
                throw new IllegalArgumentException(
                        "coinlens.analytics.correlation.period must be from 2 to 999, was " + period);
            }
            // Parses every entry, so a bad one stops the service at start-up with a message naming it.
            all(pairs, intervals);
        }

        /** Every (pair, interval) to compute. */
        public List<CorrelationPair> all() {
            return all(pairs, intervals);
        }

        private static List<CorrelationPair> all(List<String> pairs, List<String> intervals) {
            List<CorrelationPair> all = new ArrayList<>();
            for (String code : intervals) {
                Interval interval = Interval.find(code).orElseThrow(() -> new IllegalArgumentException(
                        "coinlens.analytics.correlation.intervals: '" + code + "' is not one of 1m 5m 15m 1h 4h 1d"));
                for (String pair : pairs) {
                    all.add(CorrelationPair.parse(pair, interval));
                }
            }
            return List.copyOf(all);
        }
    }
}
