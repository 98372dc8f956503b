package io.coinlens.portfolio.alert;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A stored alert with its state; decimals as strings. */
public record Alert(UUID id, @JsonIgnore String userId, String symbol, AlertRule.Direction direction,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal threshold,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal hysteresis, long cooldownSeconds, boolean enabled,
        boolean armed, Instant lastTriggeredAt, String note, Instant createdAt) {

    AlertRule rule() {
        return new AlertRule(id, userId, symbol, direction, threshold, hysteresis,
                java.time.Duration.ofSeconds(cooldownSeconds));
    }
}
