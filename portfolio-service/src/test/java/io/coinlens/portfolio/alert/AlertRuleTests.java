package io.coinlens.portfolio.alert;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AlertRuleTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aboveFiresOnceAndReArmsOnlyBelowTheHysteresisBand() {
        AlertRule rule = rule(AlertRule.Direction.ABOVE, "100", "5", Duration.ZERO);
        // 101 fires; 102 and 96 (inside the band) do not re-arm; 95 re-arms; 100 fires again.
        assertThat(run(rule, "99", "101", "102", "96", "95", "100")).containsExactly(
                AlertRule.Decision.NONE, AlertRule.Decision.FIRE, AlertRule.Decision.NONE, AlertRule.Decision.NONE,
                AlertRule.Decision.REARM, AlertRule.Decision.FIRE);
    }

    @Test
    void belowMirrorsAbove() {
        AlertRule rule = rule(AlertRule.Direction.BELOW, "50", "2", Duration.ZERO);
        assertThat(run(rule, "51", "50", "49", "51.9", "52", "49.5")).containsExactly(
                AlertRule.Decision.NONE, AlertRule.Decision.FIRE, AlertRule.Decision.NONE, AlertRule.Decision.NONE,
                AlertRule.Decision.REARM, AlertRule.Decision.FIRE);
    }

    @Test
    void withoutABandAnyMoveBackReArms() {
        AlertRule rule = rule(AlertRule.Direction.ABOVE, "100", "0", Duration.ZERO);
        assertThat(run(rule, "100", "100", "99.99", "100")).containsExactly(AlertRule.Decision.FIRE,
                AlertRule.Decision.NONE, AlertRule.Decision.REARM, AlertRule.Decision.FIRE);
    }

    @Test
    void theCooldownHoldsBackARearmedAlertUntilItHasPassed() {
        AlertRule rule = rule(AlertRule.Direction.ABOVE, "100", "0", Duration.ofMinutes(10));
        Instant fired = T0;
        assertThat(rule.evaluate(true, fired, new BigDecimal("101"), fired.plus(Duration.ofMinutes(9))))
                .isEqualTo(AlertRule.Decision.NONE);
        assertThat(rule.evaluate(true, fired, new BigDecimal("101"), fired.plus(Duration.ofMinutes(10))))
                .isEqualTo(AlertRule.Decision.FIRE);
    }

    /** Feeds prices a minute apart, keeping the state the way the evaluator does. */
    private static List<AlertRule.Decision> run(AlertRule rule, String... prices) {
        List<AlertRule.Decision> decisions = new ArrayList<>();
        boolean armed = true;
        Instant last = null;
        for (int i = 0; i < prices.length; i++) {
            Instant time = T0.plus(Duration.ofMinutes(i));
            AlertRule.Decision decision = rule.evaluate(armed, last, new BigDecimal(prices[i]), time);
            if (decision == AlertRule.Decision.FIRE) {
                armed = false;
                last = time;
            } else if (decision == AlertRule.Decision.REARM) {
                armed = true;
            }
            decisions.add(decision);
        }
        return decisions;
    }

    private static AlertRule rule(AlertRule.Direction direction, String threshold, String band, Duration cooldown) {
        return new AlertRule(UUID.randomUUID(), "u", "BTC-USDT", direction, new BigDecimal(threshold),
                new BigDecimal(band), cooldown);
    }
}
