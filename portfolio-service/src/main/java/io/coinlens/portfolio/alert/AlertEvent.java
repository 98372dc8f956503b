package io.coinlens.portfolio.alert;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One time an alert fired, kept until the user or the alert is deleted.
 *
 * @param kind     as in {@code AlertTriggered}: price_above, price_below, percent_move, signal, drawdown, prediction
 * @param symbol   absent for a drawdown
 * @param observed what was seen: the price, the move or drawdown in percent, the signal's or the model's value
 */
public record AlertEvent(UUID id, UUID alertId, @JsonIgnore String userId, String kind, String symbol,
        String direction, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal observed,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal threshold, Instant triggeredAt,
        Instant acknowledgedAt, String message) {
}
