package io.coinlens.analytics.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coinlens.analytics.indicators.Correlation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairCorrelationTests {

    private static final long H = 3_600_000L;
    private static final long T0 = 1_763_769_600_000L;

    private static final double[] BTC = {100, 102, 101, 105, 107, 104, 108, 110, 109, 113, 115, 112};
    private static final double[] ETH = {50, 50.5, 50.2, 51.9, 53, 51.5, 53.1, 54.4, 54.5, 55.9, 57.2, 55};

    @Test
    void publishesWhenBothClosesOfAnOpenTimeAreKnown() {
        PairCorrelation pair = new PairCorrelation(3);
        for (int i = 0; i < 4; i++) {
            assertThat(pair.add(true, T0 + i * H, BTC[i])).as("the other symbol has no close yet").isEmpty();
        }
        assertThat(pair.add(false, T0, ETH[0])).isEmpty();
        assertThat(pair.add(false, T0 + H, ETH[1])).isEmpty();
        assertThat(pair.add(false, T0 + 2 * H, ETH[2])).as("two returns of three").isEmpty();
        assertValues(pair.add(false, T0 + 3 * H, ETH[3]), T0 + 3 * H, expected(0, 3, 3));
        assertThat(pair.add(false, T0 + 4 * H, ETH[4])).as("BTC's close of 4 h is not known yet").isEmpty();
        assertValues(pair.add(true, T0 + 4 * H, BTC[4]), T0 + 4 * H, expected(1, 4, 3));
    }

    @Test
    void theOrderInWhichTheTwoSymbolsArriveDoesNotMatter() {
        List<PairCorrelation.Value> inTurn = new ArrayList<>();
        PairCorrelation a = new PairCorrelation(4);
        for (int i = 0; i < BTC.length; i++) {
            inTurn.addAll(a.add(true, T0 + i * H, BTC[i]));
            inTurn.addAll(a.add(false, T0 + i * H, ETH[i]));
        }
        List<PairCorrelation.Value> ethFirst = new ArrayList<>();
        PairCorrelation b = new PairCorrelation(4);
        for (int i = 0; i < ETH.length; i++) {
            ethFirst.addAll(b.add(false, T0 + i * H, ETH[i]));
        }
        for (int i = 0; i < BTC.length; i++) {
            ethFirst.addAll(b.add(true, T0 + i * H, BTC[i]));
        }
        assertThat(inTurn).hasSize(BTC.length - 4).isEqualTo(ethFirst);
        assertValues(inTurn.subList(inTurn.size() - 1, inTurn.size()), T0 + (BTC.length - 1) * H,
                expected(BTC.length - 5, BTC.length - 1, 4));
    }

    @Test
    void aCloseOfOnlyOneSymbolStartsTheWindowOver() {
        PairCorrelation pair = new PairCorrelation(3);
        List<PairCorrelation.Value> values = new ArrayList<>();
        for (int i = 0; i < BTC.length; i++) {
            values.addAll(pair.add(true, T0 + i * H, BTC[i]));
            if (i != 5) { // ETH had no trades in the sixth hour
                values.addAll(pair.add(false, T0 + i * H, ETH[i]));
            }
        }
        // Values at 3 h and 4 h; 5 h is BTC's alone, so the next window is 6 h .. 9 h (three returns from 6 h).
        assertThat(values).extracting(PairCorrelation.Value::openTime)
                .containsExactly(T0 + 3 * H, T0 + 4 * H, T0 + 9 * H, T0 + 10 * H, T0 + 11 * H);
        assertValues(values.subList(2, 3), T0 + 9 * H, expected(6, 9, 3));
    }

    @Test
    void anOpenTimeWithoutEitherCloseIsSpannedByOneReturn() {
        PairCorrelation pair = new PairCorrelation(3);
        List<PairCorrelation.Value> values = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (i != 2) { // neither symbol traded in the third hour
                values.addAll(pair.add(true, T0 + i * H, BTC[i]));
                values.addAll(pair.add(false, T0 + i * H, ETH[i]));
            }
        }
        Correlation c = new Correlation(3);
        c.update(Math.log(BTC[1] / BTC[0]), Math.log(ETH[1] / ETH[0]));
        c.update(Math.log(BTC[3] / BTC[1]), Math.log(ETH[3] / ETH[1]));
        c.update(Math.log(BTC[4] / BTC[3]), Math.log(ETH[4] / ETH[3]));
        assertThat(values).hasSize(2);
        assertValues(values.subList(0, 1), T0 + 4 * H, c.value());
    }

    @Test
    void duplicateAndLateClosesAreIgnored() {
        PairCorrelation pair = new PairCorrelation(3);
        List<PairCorrelation.Value> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            values.addAll(pair.add(true, T0 + i * H, BTC[i]));
            values.addAll(pair.add(true, T0 + i * H, BTC[i] * 2)); // redelivered while waiting for ETH
            values.addAll(pair.add(false, T0 + i * H, ETH[i]));
            values.addAll(pair.add(false, T0 + i * H, ETH[i] * 2)); // redelivered after it was used
            values.addAll(pair.add(true, T0, 1)); // far too late
        }
        assertValues(values, T0 + 3 * H, expected(0, 3, 3), T0 + 4 * H, expected(1, 4, 3));
    }

    @Test
    void aSymbolThatFallsSilentNeitherGrowsTheStateWithoutBoundNorBridgesWhatWasGivenUp() {
        PairCorrelation pair = new PairCorrelation(3);
        int n = PairCorrelation.MAX_WAITING + 10;
        for (int i = 0; i < n; i++) {
            assertThat(pair.add(true, T0 + i * H, 100 + i % 7)).isEmpty();
        }
        assertThat(pair.snapshot().length).isLessThan(20 * PairCorrelation.MAX_WAITING + 1_000);
        // ETH resumes with closes BTC gave up waiting for: too late, nothing is computed from them.
        for (int i = 0; i < 10; i++) {
            assertThat(pair.add(false, T0 + i * H, 50 + i)).isEmpty();
        }
        List<PairCorrelation.Value> values = new ArrayList<>();
        for (int i = 10; i < 14; i++) {
            values.addAll(pair.add(false, T0 + i * H, 50 + i % 5));
        }
        assertThat(values).extracting(PairCorrelation.Value::openTime).containsExactly(T0 + 13 * H);
    }

    @Test
    void restoredStateContinuesExactlyAndAnotherPeriodStartsOver() {
        PairCorrelation live = new PairCorrelation(4);
        PairCorrelation restored = null;
        for (int i = 0; i < BTC.length; i++) {
            List<PairCorrelation.Value> expected = new ArrayList<>(live.add(true, T0 + i * H, BTC[i]));
            if (i == 6) {
                restored = PairCorrelation.restore(live.snapshot(), 4);
                assertThat(PairCorrelation.restore(live.snapshot(), 5).snapshot())
                        .isEqualTo(new PairCorrelation(5).snapshot());
            }
            List<PairCorrelation.Value> got = restored == null ? List.of() : restored.add(true, T0 + i * H, BTC[i]);
            expected.addAll(live.add(false, T0 + i * H, ETH[i]));
            if (restored != null) {
                got = new ArrayList<>(got);
                got.addAll(restored.add(false, T0 + i * H, ETH[i]));
                assertThat(got).isEqualTo(expected);
            }
        }
        assertThat(restored.snapshot()).isEqualTo(live.snapshot());
    }

    /** Pairs of open time and correlation; the rolling computation may differ from a fresh one in the last bits. */
    private static void assertValues(List<PairCorrelation.Value> actual, double... openTimesAndValues) {
        assertThat(actual).hasSize(openTimesAndValues.length / 2);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).openTime()).isEqualTo((long) openTimesAndValues[2 * i]);
            assertThat(actual.get(i).correlation()).isCloseTo(openTimesAndValues[2 * i + 1], within(1e-12));
        }
    }

    /** A fresh Pearson over the log returns ending at {@code to}, as the query endpoint computes it. */
    private static double expected(int from, int to, int period) {
        Correlation c = new Correlation(period);
        boolean ready = false;
        for (int i = from + 1; i <= to; i++) {
            ready = c.update(Math.log(BTC[i] / BTC[i - 1]), Math.log(ETH[i] / ETH[i - 1]));
        }
        assertThat(ready).isTrue();
        return c.value();
    }
}
