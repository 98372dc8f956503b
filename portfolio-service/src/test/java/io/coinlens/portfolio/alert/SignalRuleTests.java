package io.coinlens.portfolio.alert;

import io.coinlens.contracts.Interval;
import io.coinlens.contracts.SignalRaised;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SignalRuleTests {

    private static final SignalRaised RSI_BEARISH_1H = new SignalRaised("BTC-USDT", Interval.H1, "rsi_overbought",
            SignalRaised.Direction.BEARISH, 1_767_225_600_000L, 72.5, 70);

    @Test
    void anAbsentCriterionMatchesAnySignal() {
        assertThat(new SignalRule(null, null, null, Duration.ZERO).matches(RSI_BEARISH_1H)).isTrue();
    }

    @Test
    void eachNamedCriterionMustMatch() {
        assertThat(new SignalRule("rsi_overbought", SignalRaised.Direction.BEARISH, Interval.H1, Duration.ZERO)
                .matches(RSI_BEARISH_1H)).isTrue();
        assertThat(new SignalRule("macd_cross", null, null, Duration.ZERO).matches(RSI_BEARISH_1H)).isFalse();
        assertThat(new SignalRule(null, SignalRaised.Direction.BULLISH, null, Duration.ZERO).matches(RSI_BEARISH_1H))
                .isFalse();
        assertThat(new SignalRule(null, null, Interval.M5, Duration.ZERO).matches(RSI_BEARISH_1H)).isFalse();
    }

    @Test
    void theCooldownRunsFromTheLastFiring() {
        SignalRule rule = new SignalRule(null, null, null, Duration.ofMinutes(15));
        Instant last = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(rule.coolingDown(null, last)).isFalse();
        assertThat(rule.coolingDown(last, last.plusSeconds(899))).isTrue();
        assertThat(rule.coolingDown(last, last.plusSeconds(900))).isFalse();
    }

    @Test
    void directionsAreReadInAnyCase() {
        assertThat(SignalRule.direction("bullish")).isEqualTo(SignalRaised.Direction.BULLISH);
        assertThat(SignalRule.direction("BEARISH")).isEqualTo(SignalRaised.Direction.BEARISH);
        assertThat(SignalRule.direction("up")).isNull();
    }
}
