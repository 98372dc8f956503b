package io.coinlens.analytics.signals;

import io.coinlens.analytics.indicators.IndicatorSet;
import io.coinlens.analytics.indicators.IndicatorSpec;
import io.coinlens.analytics.indicators.IndicatorValues;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.SignalRaised;
import io.coinlens.contracts.SignalRaised.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignalDetectorTests {

    @Test
    void raisesOneGoldenCrossWhenTheFiftyCandleAverageOvertakesTheTwoHundred() {
        List<SignalRaised> signals = run(IndicatorSet.of(Interval.H1, IndicatorSpec.sma(50), IndicatorSpec.sma(200)),
                400, i -> i < 250 ? 200 - i * 0.4 : 100 + (i - 250) * 1.5);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo("golden_cross");
            assertThat(s.direction()).isEqualTo(Direction.BULLISH);
            assertThat(s.value()).isGreaterThan(s.threshold());
        });
    }

    @Test
    void raisesADeathCrossOnTheWayDown() {
        List<SignalRaised> signals = run(IndicatorSet.of(Interval.H1, IndicatorSpec.sma(50), IndicatorSpec.sma(200)),
                400, i -> i < 250 ? 100 + i * 0.4 : 200 - (i - 250) * 1.0);
        assertThat(signals).extracting(SignalRaised::kind).containsExactly("death_cross");
    }

    @Test
    void macdCrossesAlternateInDirection() {
        List<SignalRaised> signals = run(IndicatorSet.of(Interval.M1, IndicatorSpec.macd(12, 26, 9)), 400,
                i -> 100 + 10 * Math.sin(i / 15.0));
        assertThat(signals).hasSizeGreaterThan(4).allSatisfy(s -> assertThat(s.kind()).isEqualTo("macd_cross"));
        for (int k = 1; k < signals.size(); k++) {
            assertThat(signals.get(k).direction()).isNotEqualTo(signals.get(k - 1).direction());
        }
    }

    @Test
    void raisesOneBollingerBreakoutWhileThePriceStaysOutside() {
        List<SignalRaised> signals = run(IndicatorSet.of(Interval.M1, IndicatorSpec.bbands(20, 2)), 60,
                i -> i < 40 ? 100 + (i % 2) * 0.5 : 100 + (i - 39) * 3);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo("bollinger_breakout");
            assertThat(s.direction()).isEqualTo(Direction.BULLISH);
            assertThat(s.openTime()).isEqualTo(40 * 60_000L);
            assertThat(s.value()).isGreaterThan(s.threshold());
        });
    }

    @Test
    void rsiSignalsOnlyWhenLeavingAZone() {
        List<SignalRaised> signals = run(IndicatorSet.of(Interval.M1, IndicatorSpec.rsi(14)), 80,
                i -> i < 30 ? 100 + i : i < 50 ? 130 : 130 - (i - 50) * 0.2);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo("rsi_overbought_exit");
            assertThat(s.direction()).isEqualTo(Direction.BEARISH);
            assertThat(s.value()).isLessThanOrEqualTo(70);
        });
    }

    @Test
    void continuesAfterARestoreAsBefore() {
        IndicatorSet set = IndicatorSet.of(Interval.M1, IndicatorSpec.macd(12, 26, 9));
        SignalDetector detector = new SignalDetector();
        List<SignalRaised> whole = new ArrayList<>();
        List<SignalRaised> restored = new ArrayList<>();
        SignalDetector copy = null;
        IndicatorSet copySet = null;
        for (int i = 0; i < 300; i++) {
            double p = 100 + 10 * Math.sin(i / 15.0);
            if (i == 150) {
                copy = SignalDetector.restore(detector.snapshot());
                copySet = IndicatorSet.restore(set.snapshot());
            }
            IndicatorValues v = set.update(p, p, p, p, 1, i * 60_000L);
            List<SignalRaised> raised = detector.update("BTC-USDT", Interval.M1, p, v);
            if (i >= 150) {
                whole.addAll(raised);
                restored.addAll(copy.update("BTC-USDT", Interval.M1, p, copySet.update(p, p, p, p, 1, i * 60_000L)));
            }
        }
        assertThat(whole).isNotEmpty();
        assertThat(restored).isEqualTo(whole);
    }

    private static List<SignalRaised> run(IndicatorSet set, int candles, IntToDoubleFunction price) {
        SignalDetector detector = new SignalDetector();
        List<SignalRaised> signals = new ArrayList<>();
        for (int i = 0; i < candles; i++) {
            double p = price.applyAsDouble(i);
            IndicatorValues v = set.update(p, p, p, p, 1, i * 60_000L);
            signals.addAll(detector.update("BTC-USDT", set.interval(), p, v));
        }
        return signals;
    }
}
