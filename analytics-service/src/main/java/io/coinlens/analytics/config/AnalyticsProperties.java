package io.coinlens.analytics.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of analytics-service, under {@code coinlens.analytics}. */
@Validated
@ConfigurationProperties("coinlens.analytics")
public record AnalyticsProperties(@DefaultValue Candles candles, @DefaultValue Query query) {

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
}
