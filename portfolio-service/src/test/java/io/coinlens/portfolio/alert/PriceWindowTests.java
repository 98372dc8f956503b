package io.coinlens.portfolio.alert;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PriceWindowTests {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a whole second

    @Test
    void keepsTheLowestAndHighestPriceOfTheWindowAndTheNewestPrice() {
        PriceWindow window = new PriceWindow(Duration.ofMinutes(1));
        add(window, 0, "100");
        add(window, 10_000, "90");
        add(window, 20_000, "120");
        add(window, 30_000, "110");
        assertThat(window.low()).isEqualByComparingTo("90");
        assertThat(window.high()).isEqualByComparingTo("120");
        assertThat(window.price()).isEqualByComparingTo("110");
    }

    @Test
    void aPriceCountsUntilExactlyOneWindowAfterItsSecond() {
        PriceWindow window = new PriceWindow(Duration.ofMinutes(1));
        add(window, 0, "90");
        add(window, 30_000, "100");
        add(window, 59_999, "101");
        assertThat(window.low()).as("59.999 s later the first price is still inside").isEqualByComparingTo("90");
        add(window, 60_000, "102");
        assertThat(window.low()).as("60 s later it has left").isEqualByComparingTo("100");
        assertThat(window.high()).isEqualByComparingTo("102");
    }

    @Test
    void aLateTradeInsideTheWindowCountsButDoesNotBecomeTheNewestPrice() {
        PriceWindow window = new PriceWindow(Duration.ofMinutes(1));
        add(window, 10_000, "100");
        assertThat(window.add(T0 + 5_000, new BigDecimal("80"))).isTrue();
        assertThat(window.low()).isEqualByComparingTo("80");
        assertThat(window.price()).isEqualByComparingTo("100");
        assertThat(window.newestTime()).isEqualTo(T0 + 10_000);
    }

    @Test
    void aTradeOlderThanTheWholeWindowIsDropped() {
        PriceWindow window = new PriceWindow(Duration.ofMinutes(1));
        add(window, 120_000, "100");
        assertThat(window.add(T0, new BigDecimal("1"))).isFalse();
        assertThat(window.low()).isEqualByComparingTo("100");
    }

    @Test
    void matchesABruteForceMinimumAndMaximumOnARandomWalk() {
        Random random = new Random(11);
        PriceWindow window = new PriceWindow(Duration.ofMinutes(5));
        List<long[]> trades = new ArrayList<>();
        long time = T0;
        long price = 10_000;
        for (int i = 0; i < 5_000; i++) {
            time += random.nextInt(3_000);
            price = Math.max(1, price + random.nextInt(41) - 20);
            window.add(time, BigDecimal.valueOf(price));
            trades.add(new long[] {time, price});
            long newestSecond = Math.floorDiv(time, 1000);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long[] t : trades) {
                if (Math.floorDiv(t[0], 1000) > newestSecond - 300) {
                    min = Math.min(min, t[1]);
                    max = Math.max(max, t[1]);
                }
            }
            assertThat(window.low().longValueExact()).isEqualTo(min);
            assertThat(window.high().longValueExact()).isEqualTo(max);
        }
    }

    @Test
    void aLongSteadyRiseKeepsAtMostOneEntryPerBucket() {
        PriceWindow window = new PriceWindow(Duration.ofHours(1));
        for (int i = 0; i < 8 * 3600; i++) {
            add(window, i * 250L, Integer.toString(1_000 + i));
        }
        // Two hours of trades four a second: the lows queue holds one per second of the last hour, the highs one.
        assertThat(window.entries()).isLessThanOrEqualTo(PriceWindow.MAX_BUCKETS + 1);
        assertThat(window.low()).isEqualByComparingTo(Integer.toString(1_000 + 4 * 3600));
    }

    @Test
    void aDayLongWindowUsesCoarserBucketsToStayCompact() {
        PriceWindow window = new PriceWindow(Duration.ofHours(24));
        for (int i = 0; i < 30 * 3600; i++) {
            add(window, i * 1000L, Integer.toString(1_000 + i));
        }
        assertThat(window.entries()).isLessThanOrEqualTo(PriceWindow.MAX_BUCKETS + 1);
        // 24 s buckets: the low is the first price of the oldest bucket still inside, within one bucket of 24 h ago.
        long oldestInside = window.low().longValueExact() - 1_000;
        assertThat(oldestInside).isBetween(6L * 3600 - 24, 6L * 3600 + 24);
    }

    private static void add(PriceWindow window, long offset, String price) {
        assertThat(window.add(T0 + offset, new BigDecimal(price))).isTrue();
    }
}
