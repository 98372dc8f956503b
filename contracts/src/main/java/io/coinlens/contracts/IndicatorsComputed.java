package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * Indicator values for one candle. Topic {@code analytics.indicators.v1}, key {@code symbol:interval}.
 *
 * @param provisional true when computed from a candle that is still open
 * @param values      indicator name to value; an indicator still warming up is absent, never zero
 */
public record IndicatorsComputed(
        String symbol,
        Interval interval,
        @JsonProperty(required = true) long openTime,
        @JsonProperty(required = true) boolean provisional,
        Map<String, Double> values) implements CoinlensEvent {

    @Override
    public String key() {
        return symbol + ":" + (interval == null ? null : interval.code());
    }

    @Override
    public List<String> violations() {
        Violations v = new Violations()
                .symbol("symbol", symbol)
                .notNull("interval", interval)
                .epochMillis("openTime", openTime)
                .notNull("values", values);
        if (values != null) {
            values.forEach((name, value) -> v
                    .check(name != null && !name.isBlank(), "values has a blank indicator name")
                    .check(value != null && Double.isFinite(value), "values." + name + " must be a finite number"));
        }
        return v.list();
    }
}
