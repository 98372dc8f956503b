package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A model's forecast for one symbol. Topic {@code ml.predictions.v1}, key {@code symbol}.
 *
 * @param horizon        how many intervals ahead the forecast looks
 * @param targetTime     the time the forecast is for, epoch ms
 * @param expectedReturn the expected log return from madeAt to targetTime
 * @param probabilityUp  the probability that the price at targetTime is above the price at madeAt
 */
public record PredictionMade(
        String symbol,
        Interval interval,
        @JsonProperty(required = true) int horizon,
        @JsonProperty(required = true) long madeAt,
        @JsonProperty(required = true) long targetTime,
        @JsonProperty(required = true) double expectedReturn,
        @JsonProperty(required = true) double probabilityUp,
        String modelVersion) implements CoinlensEvent {

    @Override
    public String key() {
        return symbol;
    }

    @Override
    public List<String> violations() {
        return new Violations()
                .symbol("symbol", symbol)
                .notNull("interval", interval)
                .check(horizon >= 1, "horizon must be at least 1, was " + horizon)
                .epochMillis("madeAt", madeAt)
                .check(targetTime > madeAt, "targetTime must be after madeAt")
                .finite("expectedReturn", expectedReturn)
                .between("probabilityUp", probabilityUp, 0.0, 1.0)
                .notBlank("modelVersion", modelVersion)
                .list();
    }
}
