package io.coinlens.analytics.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CorrelationTests {

    @Test
    void reportsNothingBeforeTheLookback() {
        Correlation c = new Correlation(3);
        assertThat(c.update(1, 2)).isFalse();
        assertThatThrownBy(c::value).hasMessageContaining("warming up");
        assertThat(c.update(2, 4)).isFalse();
        assertThat(c.update(3, 7)).isTrue();
        assertThat(c.value()).isBetween(0.99, 1.0);
    }

    @Test
    void perfectlyOppositeSeriesGiveMinusOneAndAFlatSeriesGivesZero() {
        Correlation c = new Correlation(4);
        for (int i = 0; i < 10; i++) {
            c.update(60_000 + i * 13.7, 3_000 - i * 0.5);
        }
        assertThat(c.value()).isEqualTo(-1.0, org.assertj.core.data.Offset.offset(1e-12));
        for (int i = 0; i < 4; i++) {
            c.update(61_234.5, 3_000 + i);
        }
        assertThat(c.value()).isZero();
    }

    @Test
    void peekLeavesTheStateAndRestoreContinuesExactly() {
        Correlation live = new Correlation(30);
        Correlation peeked = new Correlation(30);
        CandleSeries btc = Oracles.btc4h();
        CandleSeries eth = Oracles.eth4h();
        Correlation restored = null;
        // Row i of each file: not the same open times, which does not matter for testing state handling.
        for (int i = 0; i < 2_000; i++) {
            double x = btc.close(i);
            double y = eth.close(i);
            peeked.peek(x * 1.1, y * 0.9);
            boolean present = peeked.peek(x, y);
            double provisional = present ? peeked.value() : Double.NaN;
            peeked.update(x, y);
            live.update(x, y);
            if (present) {
                assertThat(peeked.value()).isEqualTo(provisional).isEqualTo(live.value());
            }
            if (i == 777) {
                restored = Correlation.restore(live.snapshot());
            } else if (restored != null) {
                restored.update(x, y);
                assertThat(restored.value()).isEqualTo(live.value());
            }
        }
        assertThat(peeked.snapshot()).isEqualTo(live.snapshot());
        assertThat(restored.snapshot()).isEqualTo(live.snapshot());
    }
}
