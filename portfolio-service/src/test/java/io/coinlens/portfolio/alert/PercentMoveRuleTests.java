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

class PercentMoveRuleTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aRiseExactlyAtThePercentFiresAndOneJustShortDoesNot() {
        PercentMoveRule rule = rule(PercentMoveRule.Direction.UP, "5", "0", Duration.ZERO);
        assertThat(decide(rule, true, null, "100", "100", "105")).isEqualTo(FIRE);
        assertThat(decide(rule, true, null, "100", "100", "104.99")).isEqualTo(NONE);
        assertThat(rule.move(dec("60000"), dec("60000"), dec("63000")).percent()).isEqualByComparingTo("5");
    }

    @Test
    void aFallIsMeasuredFromTheHighestPriceOfTheWindow() {
        PercentMoveRule rule = rule(PercentMoveRule.Direction.DOWN, "5", "0", Duration.ZERO);
        assertThat(decide(rule, true, null, "150", "200", "190")).isEqualTo(FIRE);
        // A rise does not fire a DOWN alert, however large.
        assertThat(decide(rule, true, null, "100", "100", "190")).isEqualTo(NONE);
    }

    @Test
    void eitherTakesTheLargerMoveAndReportsItsSide() {
        PercentMoveRule rule = rule(PercentMoveRule.Direction.EITHER, "5", "0", Duration.ZERO);
        PercentMoveRule.Move move = rule.move(dec("100"), dec("120"), dec("110"));
        assertThat(move.up()).isTrue();
        assertThat(move.percent()).isEqualByComparingTo("10");
        assertThat(move.from()).isEqualByComparingTo("100");
        PercentMoveRule.Move fall = rule.move(dec("108"), dec("120"), dec("110"));
        assertThat(fall.up()).isFalse();
        assertThat(fall.percent()).isEqualByComparingTo(new BigDecimal("8.333333333333"));
    }

    @Test
    void aFiredAlertReArmsOnlyOnceTheMoveIsBackBelowTheBand() {
        PercentMoveRule rule = rule(PercentMoveRule.Direction.UP, "5", "1", Duration.ZERO);
        assertThat(decide(rule, false, T0, "100", "106", "104.5")).as("4.5 % is inside the band").isEqualTo(NONE);
        assertThat(decide(rule, false, T0, "100", "106", "104")).as("4 % is its edge").isEqualTo(REARM);
        PercentMoveRule noBand = rule(PercentMoveRule.Direction.UP, "5", "0", Duration.ZERO);
        assertThat(decide(noBand, false, T0, "100", "106", "105")).isEqualTo(NONE);
        assertThat(decide(noBand, false, T0, "100", "106", "104.99")).isEqualTo(REARM);
    }

    @Test
    void theCooldownHoldsBackAReArmedAlert() {
        PercentMoveRule rule = rule(PercentMoveRule.Direction.UP, "5", "0", Duration.ofMinutes(10));
        PercentMoveRule.Move move = rule.move(dec("100"), dec("110"), dec("110"));
        assertThat(rule.evaluate(true, T0, move, T0.plus(Duration.ofMinutes(9)), T0)).isEqualTo(NONE);
        assertThat(rule.evaluate(true, T0, move, T0.plus(Duration.ofMinutes(10)), T0)).isEqualTo(FIRE);
    }

    @Test
    void overASlidingWindowARiseFiresOnceAndAgainOnlyAfterTheWindowHasForgottenIt() {
        PercentMoveRule rule = rule(PercentMoveRule.Direction.UP, "5", "1", Duration.ZERO);
        PriceWindow window = new PriceWindow(rule.window());
        List<String> fired = new ArrayList<>();
        boolean armed = true;
        Instant last = null;
        // 100 → 106 over 30 s (fires once at 105), a plateau at 106 until 100 has left the 1 min window (the move
        // shrinks: re-arms), then up again (fires once 5 % above the plateau).
        List<long[]> path = new ArrayList<>();
        for (int s = 0; s <= 30; s++) {
            path.add(new long[] {s, 10_000 + s * 20});
        }
        for (int s = 31; s <= 120; s++) {
            path.add(new long[] {s, 10_600});
        }
        for (int s = 121; s <= 150; s++) {
            path.add(new long[] {s, 10_600 + (s - 120) * 20});
        }
        for (long[] step : path) {
            Instant time = T0.plusSeconds(step[0]);
            BigDecimal price = BigDecimal.valueOf(step[1], 2);
            window.add(time.toEpochMilli(), price);
            PercentMoveRule.Move move = rule.move(window.low(), window.high(), window.price());
            AlertRule.Decision decision = rule.evaluate(armed, last, move, time,
                    Instant.ofEpochMilli(window.oldestTime()));
            if (decision == FIRE) {
                fired.add(step[0] + "s " + price.toPlainString());
                armed = false;
                last = time;
            } else if (decision == REARM) {
                armed = true;
            }
        }
        assertThat(fired).containsExactly("25s 105.00", "147s 111.40");
    }

    @Test
    void aWindowThatDidNotSeeTheFiringReArmsOnlyOnceItIsAWholeWindowLong() {
        PercentMoveRule rule = rule(PercentMoveRule.Direction.UP, "5", "0", Duration.ZERO);
        PercentMoveRule.Move faded = rule.move(dec("100"), dec("101"), dec("101"));
        Instant now = T0.plusSeconds(600);
        // Created while its move held (never fired), on a window 30 s old: the extreme may be older.
        assertThat(rule.evaluate(false, null, faded, now, now.minusSeconds(30))).isEqualTo(NONE);
        // Fired elsewhere before this window began.
        assertThat(rule.evaluate(false, now.minusSeconds(40), faded, now, now.minusSeconds(30))).isEqualTo(NONE);
        // Fired while this window was watching, or the window is now exactly one minute long.
        assertThat(rule.evaluate(false, now.minusSeconds(20), faded, now, now.minusSeconds(30))).isEqualTo(REARM);
        assertThat(rule.evaluate(false, null, faded, now, now.minusSeconds(60))).isEqualTo(REARM);
    }

    private static AlertRule.Decision decide(PercentMoveRule rule, boolean armed, Instant last, String low,
            String high, String price) {
        return rule.evaluate(armed, last, rule.move(dec(low), dec(high), dec(price)), T0.plusSeconds(60), T0);
    }

    private static PercentMoveRule rule(PercentMoveRule.Direction direction, String percent, String band,
            Duration cooldown) {
        return new PercentMoveRule(direction, dec(percent), dec(band), Duration.ofMinutes(1), cooldown);
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }
}
