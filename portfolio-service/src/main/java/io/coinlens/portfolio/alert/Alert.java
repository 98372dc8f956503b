package io.coinlens.portfolio.alert;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.coinlens.contracts.Interval;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored alert with its state; decimals as strings. One shape for every kind: {@code threshold} is the price
 * (price), the percent (percent_move, drawdown) or the model output's level (prediction), and is absent for signal;
 * {@code direction} is ABOVE/BELOW, UP/DOWN/EITHER or BULLISH/BEARISH by kind. Fields a kind does not use are left out.
 *
 * @param peak drawdown only: the highest portfolio value since the alert was created or last re-armed
 */
public record Alert(UUID id, @JsonIgnore String userId, AlertKind kind, String symbol, String direction,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal threshold,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal hysteresis, long cooldownSeconds, boolean enabled,
        boolean armed, Instant lastTriggeredAt, String note, Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING) Duration window,
        @JsonInclude(JsonInclude.Include.NON_NULL) String signalKind,
        @JsonInclude(JsonInclude.Include.NON_NULL) Interval interval,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID portfolioId,
        @JsonInclude(JsonInclude.Include.NON_NULL) PredictionRule.Metric metric,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal peak) {

    /** A price alert, as it was before there were other kinds. */
    Alert(UUID id, String userId, String symbol, AlertRule.Direction direction, BigDecimal threshold,
            BigDecimal hysteresis, long cooldownSeconds, boolean enabled, boolean armed, Instant lastTriggeredAt,
            String note, Instant createdAt) {
        this(id, userId, AlertKind.PRICE, symbol, direction.name(), threshold, hysteresis, cooldownSeconds, enabled,
                armed, lastTriggeredAt, note, createdAt, null, null, null, null, null, null);
    }

    /** The percent of a percent_move or drawdown alert (the same value as {@code threshold}). */
    @JsonProperty("percent")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonFormat(shape = JsonFormat.Shape.STRING)
    BigDecimal percentField() {
        return kind == AlertKind.PERCENT_MOVE || kind == AlertKind.DRAWDOWN ? threshold : null;
    }

    Duration cooldown() {
        return Duration.ofSeconds(cooldownSeconds);
    }

    AlertRule.Direction priceDirection() {
        // Not valueOf: this is on the trade path, and valueOf looks the name up in a map.
        if ("ABOVE".equals(direction)) {
            return AlertRule.Direction.ABOVE;
        }
        return "BELOW".equals(direction) ? AlertRule.Direction.BELOW : AlertRule.Direction.valueOf(direction);
    }

    AlertRule rule() {
        return new AlertRule(id, userId, symbol, priceDirection(), threshold, hysteresis, cooldown());
    }

    PercentMoveRule percentMoveRule() {
        return new PercentMoveRule(PercentMoveRule.Direction.valueOf(direction), threshold, hysteresis, window,
                cooldown());
    }

    SignalRule signalRule() {
        return new SignalRule(signalKind, direction == null ? null : SignalRule.direction(direction), interval,
                cooldown());
    }

    DrawdownRule drawdownRule() {
        return new DrawdownRule(threshold, hysteresis, cooldown());
    }

    PredictionRule predictionRule() {
        return new PredictionRule(metric, interval, new AlertRule(id, userId, symbol, priceDirection(), threshold,
                hysteresis, cooldown()));
    }

    Alert withState(boolean armed, Instant lastTriggeredAt, BigDecimal peak) {
        return new Alert(id, userId, kind, symbol, direction, threshold, hysteresis, cooldownSeconds, enabled, armed,
                lastTriggeredAt, note, createdAt, window, signalKind, interval, portfolioId, metric, peak);
    }
}
