package io.coinlens.portfolio.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * A drawdown alert's decision: the portfolio's value has fallen {@code percent} or more from its peak. The peak is
 * the highest value seen since the alert was created or last re-armed. Having fired, the alert re-arms once the
 * value has recovered to within {@code percent - hysteresis} of the peak (within {@code percent} without a band),
 * and the peak then starts afresh from the current value, so the next firing needs a new fall of {@code percent}.
 */
record DrawdownRule(BigDecimal percent, BigDecimal hysteresis, Duration cooldown) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** How far {@code value} is below {@code peak}, in percent; zero at or above it (or without a positive peak). */
    static BigDecimal drawdown(BigDecimal peak, BigDecimal value) {
        if (peak == null || peak.signum() <= 0 || value.compareTo(peak) >= 0) {
            return BigDecimal.ZERO;
        }
        return AlertTriggers.plain(peak.subtract(value).multiply(HUNDRED).divide(peak, 12, RoundingMode.HALF_EVEN));
    }

    /** The peak after seeing {@code value}. */
    static BigDecimal peak(BigDecimal peak, BigDecimal value) {
        return peak == null || value.compareTo(peak) > 0 ? value : peak;
    }

    /** Decides on a value, given the peak already updated with it. */
    AlertRule.Decision evaluate(boolean armed, Instant lastTriggered, BigDecimal peak, BigDecimal value, Instant time) {
        BigDecimal drawdown = drawdown(peak, value);
        int vsPercent = drawdown.compareTo(percent);
        if (armed) {
            boolean coolingDown = lastTriggered != null && time.isBefore(lastTriggered.plus(cooldown));
            return vsPercent >= 0 && !coolingDown ? AlertRule.Decision.FIRE : AlertRule.Decision.NONE;
        }
        boolean recovered = hysteresis.signum() == 0 ? vsPercent < 0
                : drawdown.compareTo(percent.subtract(hysteresis)) <= 0;
        return recovered ? AlertRule.Decision.REARM : AlertRule.Decision.NONE;
    }
}
