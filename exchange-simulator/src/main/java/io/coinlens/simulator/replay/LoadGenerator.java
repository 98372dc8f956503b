package io.coinlens.simulator.replay;

import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.SymbolInfo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Load mode: synthetic symbols trading a random walk at a fixed total rate, stamped with the wall clock. */
final class LoadGenerator {

    static final String QUOTE = "USDT";
    private static final long START_CENTS = 100_00;

    private final Market market;
    private final double ratePerSecond;
    private final SplittableRandom random;
    private final List<String> symbols = new ArrayList<>();
    /** Prices in cents: a long random walk is far cheaper than BigDecimal at tens of thousands of trades a second. */
    private final long[] prices;
    private long lastTick = -1;
    private double carry;

    LoadGenerator(Market market, int symbolCount, double ratePerSecond, long seed) {
        this.market = market;
        this.ratePerSecond = ratePerSecond;
        this.random = new SplittableRandom(seed);
        this.prices = new long[symbolCount];
        for (int i = 0; i < symbolCount; i++) {
            String base = String.format("SYN%04d", i + 1);
            symbols.add(base + QUOTE);
            prices[i] = START_CENTS;
            market.list(new SymbolInfo(base + QUOTE, base, QUOTE, "load", 2, 8));
        }
    }

    List<String> symbols() {
        return symbols;
    }

    /** Trades due since the previous tick; the first tick only starts the clock. Returns how many were made. */
    int tick(long now) {
        if (symbols.isEmpty()) {
            return 0;
        }
        if (lastTick < 0) {
            lastTick = now;
            return 0;
        }
        carry += ratePerSecond * (now - lastTick) / 1000.0;
        lastTick = now;
        int count = (int) carry;
        carry -= count;
        for (int i = 0; i < count; i++) {
            int s = random.nextInt(symbols.size());
            double step = Math.exp(0.001 * random.nextGaussian());
            long next = Math.max(1, Math.round(prices[s] * step));
            boolean buyerMaker = next < prices[s] || (next == prices[s] && random.nextBoolean());
            prices[s] = next;
            BigDecimal quantity = BigDecimal.valueOf(random.nextLong(100_000, 200_000_000), 8);
            market.trade(symbols.get(s), BigDecimal.valueOf(next, 2), quantity, now, buyerMaker, true);
        }
        return count;
    }
}
