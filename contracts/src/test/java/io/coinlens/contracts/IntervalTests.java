package io.coinlens.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalTests {

    @Test
    void alignsTimesToTheOpenOfTheirInterval() {
        long t = 1_718_409_659_999L;
        assertThat(Interval.M1.openTimeOf(t)).isEqualTo(1_718_409_600_000L);
        assertThat(Interval.H4.openTimeOf(t)).isEqualTo(1_718_409_600_000L);
        assertThat(Interval.D1.openTimeOf(t)).isEqualTo(1_718_409_600_000L - 1_718_409_600_000L % 86_400_000L);
    }

    @Test
    void knowsOnlyBinanceIntervalNames() {
        assertThat(Interval.of("15m")).isEqualTo(Interval.M15);
        assertThat(Interval.find("1w")).isEmpty();
        assertThatThrownBy(() -> Interval.of("2m")).hasMessageContaining("unknown interval '2m'");
    }

    @Test
    void deadLetterTopicsFollowTheirSource() {
        assertThat(Topic.TRADES.deadLetterTopicName()).isEqualTo("market.trades.v1.dlt");
        assertThat(Topic.byName("ml.predictions.v1")).contains(Topic.PREDICTIONS);
        assertThat(Symbols.toNative("BTC-USDT")).isEqualTo("BTCUSDT");
    }
}
