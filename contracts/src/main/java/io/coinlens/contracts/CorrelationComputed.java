package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The rolling Pearson correlation of two symbols' log returns over the {@code period} returns ending at one open time,
 * published once both closes of that open time are known. Topic {@code analytics.correlations.v1}, key
 * {@code symbol:otherSymbol:interval}.
 *
 * @param openTime    the open time of the candles whose closes give the newest return
 * @param period      how many log returns the value is computed over
 * @param correlation in [-1, 1]; 0 when either symbol did not move over the window
 */
public record CorrelationComputed(
        String symbol,
        String otherSymbol,
        Interval interval,
        @JsonProperty(required = true) long openTime,
        @JsonProperty(required = true) int period,
        @JsonProperty(required = true) double correlation) implements CoinlensEvent {

    @Override
    public String key() {
        return symbol + ":" + otherSymbol + ":" + (interval == null ? null : interval.code());
    }

    @Override
    public List<String> violations() {
        return new Violations()
                .symbol("symbol", symbol)
                .symbol("otherSymbol", otherSymbol)
                .check(symbol == null || !symbol.equals(otherSymbol), "otherSymbol must differ from symbol")
                .notNull("interval", interval)
                .epochMillis("openTime", openTime)
                .check(period >= 2, "period must be at least 2, was " + period)
                .between("correlation", correlation, -1.0, 1.0)
                .list();
    }
}
