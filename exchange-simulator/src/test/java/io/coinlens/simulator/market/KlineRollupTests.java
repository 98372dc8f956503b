package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the one-minute kline is updated per trade; the coarser ones are rolled up from the minutes. Every kline a
 * symbol sends or answers with must still be exactly the kline of its trades, late trades and early closes included.
 */
class KlineRollupTests {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a day boundary

    private final List<Trade> made = new ArrayList<>();

    @Test
    void everyKlineSentOrAnsweredIsTheKlineOfItsTrades() {
        SymbolMarket market = new SymbolMarket(new SymbolInfo("BTCUSDT", "BTC", "USDT", "test", 2, 8), 1, 100_000,
                100_000);
        SplittableRandom random = new SplittableRandom(7);
        long time = T0 + 59_000;
        int checkedClosed = 0;
        int checkedUpdates = 0;
        for (int i = 0; i < 6_000; i++) {
            time += random.nextInt(10) < 9 ? random.nextInt(4_000) : random.nextInt(400_000);
            long tradeTime = time;
            if (!made.isEmpty() && random.nextInt(25) == 0) {
                // Late: stamped as an earlier trade was, possibly in a closed minute, hour or day.
                tradeTime = made.get(random.nextInt(made.size())).time();
            }
            BigDecimal price = BigDecimal.valueOf(random.nextLong(9_000, 11_000), 2);
            BigDecimal quantity = BigDecimal.valueOf(random.nextLong(1, 5_000_000), 8);
            SymbolMarket.Appended appended = market.append(price, quantity, tradeTime, random.nextBoolean());
            made.add(appended.trade());
            for (Kline k : appended.closedKlines()) {
                assertThat(k.closed()).isTrue();
                assertIsKlineOfTrades(k);
                checkedClosed++;
            }
            if (random.nextInt(10) == 0) {
                // A flush in between: what time closes, and the open klines' updates.
                for (Kline k : market.closeDue(time + random.nextInt(120_000))) {
                    assertThat(k.closed()).isTrue();
                    assertIsKlineOfTrades(k);
                    checkedClosed++;
                }
                for (Kline k : market.takeKlineUpdates()) {
                    assertThat(k.closed()).isFalse();
                    assertIsKlineOfTrades(k);
                    checkedUpdates++;
                }
            }
        }
        for (Interval interval : Interval.values()) {
            List<Kline> all = market.klines(interval, null, null, 100_000);
            assertThat(all).isNotEmpty();
            all.forEach(this::assertIsKlineOfTrades);
        }
        assertThat(checkedClosed).as("closed klines checked").isGreaterThan(1_000);
        assertThat(checkedUpdates).as("open kline updates checked").isGreaterThan(100);
    }

    @Test
    void aCoarseKlineIncludesTheOpenMinute() {
        SymbolMarket market = new SymbolMarket(new SymbolInfo("BTCUSDT", "BTC", "USDT", "test", 2, 8), 1, 1_000, 100);
        market.append(new BigDecimal("100.00"), new BigDecimal("1"), T0 + 1_000, false);
        market.append(new BigDecimal("105.00"), new BigDecimal("2"), T0 + 61_000, true);
        market.append(new BigDecimal("95.00"), new BigDecimal("3"), T0 + 62_000, false);
        Kline hour = market.klines(Interval.H1, null, null, 10).get(0);
        assertThat(hour.trades()).isEqualTo(3);
        assertThat(hour.open()).isEqualByComparingTo("100");
        assertThat(hour.high()).isEqualByComparingTo("105");
        assertThat(hour.low()).isEqualByComparingTo("95");
        assertThat(hour.close()).isEqualByComparingTo("95");
        assertThat(hour.volume()).isEqualByComparingTo("6");
        assertThat(hour.quoteVolume()).isEqualByComparingTo("595");
        assertThat(hour.takerBuyVolume()).isEqualByComparingTo("4");
        assertThat(hour.firstTradeId()).isEqualTo(1);
        assertThat(hour.lastTradeId()).isEqualTo(3);
        assertThat(hour.closed()).isFalse();
    }

    /** The kline exactly as its trades make it: open of the first made, close of the latest time, sums to the digit. */
    private void assertIsKlineOfTrades(Kline k) {
        List<Trade> in = made.stream().filter(t -> k.interval().openTimeOf(t.time()) == k.openTime()).toList();
        assertThat(in).as("trades of %s %s", k.interval(), k.openTime()).isNotEmpty();
        Trade first = in.stream().min(Comparator.comparingLong(Trade::id)).orElseThrow();
        Trade last = in.stream().max(Comparator.comparingLong(Trade::time).thenComparingLong(Trade::id)).orElseThrow();
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quote = BigDecimal.ZERO;
        BigDecimal takerVolume = BigDecimal.ZERO;
        BigDecimal takerQuote = BigDecimal.ZERO;
        for (Trade t : in) {
            volume = volume.add(t.quantity());
            quote = quote.add(t.quoteQuantity());
            if (!t.buyerMaker()) {
                takerVolume = takerVolume.add(t.quantity());
                takerQuote = takerQuote.add(t.quoteQuantity());
            }
        }
        String what = k.interval() + " kline at " + k.openTime();
        assertThat(k.trades()).as(what).isEqualTo(in.size());
        assertThat(k.firstTradeId()).as(what).isEqualTo(first.id());
        assertThat(k.lastTradeId()).as(what).isEqualTo(in.stream().mapToLong(Trade::id).max().orElseThrow());
        assertThat(k.open()).as(what).isEqualTo(first.price());
        assertThat(k.close()).as(what).isEqualTo(last.price());
        assertThat(k.high()).as(what).isEqualTo(in.stream().map(Trade::price).max(Comparator.naturalOrder()).orElseThrow());
        assertThat(k.low()).as(what).isEqualTo(in.stream().map(Trade::price).min(Comparator.naturalOrder()).orElseThrow());
        assertThat(k.volume()).as(what).isEqualTo(volume);
        assertThat(k.quoteVolume()).as(what).isEqualTo(quote);
        assertThat(k.takerBuyVolume()).as(what).isEqualTo(takerVolume);
        assertThat(k.takerBuyQuote()).as(what).isEqualTo(takerQuote);
        assertThat(k.closeTime()).as(what).isEqualTo(k.openTime() + k.interval().millis() - 1);
    }
}
