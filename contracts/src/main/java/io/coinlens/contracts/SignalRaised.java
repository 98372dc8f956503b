package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * A trading signal: one crossing, raised once. Topic {@code analytics.signals.v1}, key {@code symbol}.
 *
 * @param kind      what crossed, e.g. {@code rsi_overbought}, {@code macd_cross}, {@code golden_cross}
 * @param value     the indicator's value at the crossing
 * @param threshold the level it crossed
 */
public record SignalRaised(
        String symbol,
        Interval interval,
        String kind,
        Direction direction,
        @JsonProperty(required = true) long openTime,
        @JsonProperty(required = true) double value,
        @JsonProperty(required = true) double threshold) implements CoinlensEvent {

    public enum Direction {
        BULLISH, BEARISH;

        @JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Direction of(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Override
    public String key() {
        return symbol;
    }

    @Override
    public List<String> violations() {
        return new Violations()
                .symbol("symbol", symbol)
                .notNull("interval", interval)
                .notBlank("kind", kind)
                .notNull("direction", direction)
                .epochMillis("openTime", openTime)
                .finite("value", value)
                .finite("threshold", threshold)
                .list();
    }
}
