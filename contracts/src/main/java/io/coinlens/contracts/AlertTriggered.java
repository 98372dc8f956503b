package io.coinlens.contracts;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;

/**
 * A user's alert fired. Topic {@code portfolio.alerts.v1}, key {@code userId}.
 *
 * @param kind   e.g. {@code price_above}, {@code percent_move}, {@code signal}, {@code drawdown}
 * @param symbol the symbol watched; absent for portfolio-wide alerts such as drawdown
 */
public record AlertTriggered(
        String alertId,
        String userId,
        String kind,
        String symbol,
        @JsonProperty(required = true) long triggeredAt,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal observed,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal threshold,
        String message) implements CoinlensEvent {

    @Override
    public String key() {
        return userId;
    }

    @Override
    public List<String> violations() {
        Violations v = new Violations()
                .notBlank("alertId", alertId)
                .notBlank("userId", userId)
                .notBlank("kind", kind)
                .epochMillis("triggeredAt", triggeredAt)
                .notNull("observed", observed)
                .notNull("threshold", threshold)
                .notBlank("message", message);
        if (symbol != null) {
            v.symbol("symbol", symbol);
        }
        return v.list();
    }
}
