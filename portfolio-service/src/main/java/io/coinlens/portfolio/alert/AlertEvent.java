package io.coinlens.portfolio.alert;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One time an alert fired, kept until the user or the alert is deleted. */
public record AlertEvent(UUID id, UUID alertId, @JsonIgnore String userId, String symbol,
        AlertRule.Direction direction, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal observed,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal threshold, Instant triggeredAt,
        Instant acknowledgedAt, String message) {
}
