package io.coinlens.portfolio.alert;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.coinlens.portfolio.alert.AlertRule.Decision.FIRE;
import static io.coinlens.portfolio.alert.AlertRule.Decision.NONE;
import static io.coinlens.portfolio.alert.AlertRule.Decision.REARM;
import static org.assertj.core.api.Assertions.assertThat;

class DrawdownRuleTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void thePeakOnlyEverRises() {
        assertThat(DrawdownRule.peak(null, dec("100"))).isEqualByComparingTo("100");
        assertThat(DrawdownRule.peak(dec("100"), dec("120"))).isEqualByComparingTo("120");
        assertThat(DrawdownRule.peak(dec("120"), dec("110"))).isEqualByComparingTo("120");
    }

    @Test
    void theDrawdownIsZeroAtOrAboveThePeak() {
        assertThat(DrawdownRule.drawdown(dec("100"), dec("100"))).isEqualByComparingTo("0");
        assertThat(DrawdownRule.drawdown(dec("100"), dec("101"))).isEqualByComparingTo("0");
        assertThat(DrawdownRule.drawdown(null, dec("101"))).isEqualByComparingTo("0");
        assertThat(DrawdownRule.drawdown(dec("1000"), dec("875"))).isEqualByComparingTo("12.5");
    }

    @Test
    void aFallExactlyAtThePercentFiresAndOneJustShortDoesNot() {
        DrawdownRule rule = rule("10", "0", Duration.ZERO);
        assertThat(rule.evaluate(true, null, dec("1000"), dec("900"), T0)).isEqualTo(FIRE);
        assertThat(rule.evaluate(true, null, dec("1000"), dec("900.01"), T0)).isEqualTo(NONE);
    }

    @Test
    void aFiredAlertReArmsOnceTheValueHasRecoveredPastTheBand() {
        DrawdownRule rule = rule("10", "2", Duration.ZERO);
        assertThat(rule.evaluate(false, T0, dec("1000"), dec("919.99"), T0)).isEqualTo(NONE);
        assertThat(rule.evaluate(false, T0, dec("1000"), dec("920"), T0)).isEqualTo(REARM);
    }

    @Test
    void theCooldownHoldsBackAReArmedAlert() {
        DrawdownRule rule = rule("10", "0", Duration.ofMinutes(5));
        assertThat(rule.evaluate(true, T0, dec("1000"), dec("800"), T0.plusSeconds(299))).isEqualTo(NONE);
        assertThat(rule.evaluate(true, T0, dec("1000"), dec("800"), T0.plusSeconds(300))).isEqualTo(FIRE);
    }

    @Test
    void eachFallFromAFreshPeakFiresOnceAsTheMonitorKeepsThePeak() {
        DrawdownRule rule = rule("10", "2", Duration.ZERO);
        // Peak 1200; 1080 is 10 % below it (fires); 1000 and 1050 are still more than 8 % below (no re-arm);
        // 1110 is 7.5 % below (re-arms, the peak restarts at 1110); 999 is 10 % below 1110 (fires again).
        List<String> values = List.of("1000", "1200", "1100", "1080", "1000", "1050", "1110", "1050", "999");
        List<String> fired = new ArrayList<>();
        BigDecimal peak = null;
        boolean armed = true;
        Instant last = null;
        for (int i = 0; i < values.size(); i++) {
            BigDecimal value = dec(values.get(i));
            Instant time = T0.plusSeconds(i);
            peak = DrawdownRule.peak(peak, value);
            AlertRule.Decision decision = rule.evaluate(armed, last, peak, value, time);
            if (decision == FIRE) {
                fired.add(values.get(i));
                armed = false;
                last = time;
            } else if (decision == REARM) {
                armed = true;
                peak = value;
            }
        }
        assertThat(fired).containsExactly("1080", "999");
    }

    private static DrawdownRule rule(String percent, String band, Duration cooldown) {
        return new DrawdownRule(dec(percent), dec(band), cooldown);
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }
}
