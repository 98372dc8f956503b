package io.coinlens.analytics.candles;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What became of the trades read: counted into candles, dropped as duplicates, or dead-lettered. */
public record TradeMetrics(Counter counted, Counter duplicate, Counter late, Counter rejected) {

    public static TradeMetrics of(MeterRegistry registry) {
        return new TradeMetrics(counter(registry, "counted"), counter(registry, "duplicate"),
                counter(registry, "late"), counter(registry, "rejected"));
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("coinlens.analytics.trades")
                .description("Trades read by the candle builder, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
