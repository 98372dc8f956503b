package io.coinlens.portfolio.alert;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A price alert's definition and the decision it makes on each price. It fires when the price reaches the threshold
 * while armed and the cooldown since it last fired has passed; having fired, it stays quiet until the price is back
 * beyond the hysteresis band (below threshold - hysteresis for ABOVE, above threshold + hysteresis for BELOW), so a
 * price that hovers around the threshold does not fire again and again.
 */
public record AlertRule(UUID id, String userId, String symbol, Direction direction, BigDecimal threshold,
        BigDecimal hysteresis, Duration cooldown) {

    public enum Direction { ABOVE, BELOW }

    public enum Decision { FIRE, REARM, NONE }

    public Decision evaluate(boolean armed, Instant lastTriggered, BigDecimal price, Instant time) {
        int vsThreshold = price.compareTo(threshold);
        boolean reached = direction == Direction.ABOVE ? vsThreshold >= 0 : vsThreshold <= 0;
        if (armed) {
            boolean coolingDown = lastTriggered != null && time.isBefore(lastTriggered.plus(cooldown));
            return reached && !coolingDown ? Decision.FIRE : Decision.NONE;
        }
        boolean backBeyondBand = direction == Direction.ABOVE
                ? (hysteresis.signum() == 0 ? vsThreshold < 0 : price.compareTo(threshold.subtract(hysteresis)) <= 0)
                : (hysteresis.signum() == 0 ? vsThreshold > 0 : price.compareTo(threshold.add(hysteresis)) >= 0);
        return backBeyondBand ? Decision.REARM : Decision.NONE;
    }

    public String kind() {
        return direction == Direction.ABOVE ? "price_above" : "price_below";
    }
}
