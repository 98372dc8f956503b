package io.coinlens.simulator.market;

import java.math.BigDecimal;

/**
 * Rolling 24-hour statistics of one symbol, from its one-minute klines.
 *
 * @param lastQuantity quantity of the last trade
 */
public record Ticker(String symbol, long openTime, long closeTime, BigDecimal open, BigDecimal high, BigDecimal low,
        BigDecimal last, BigDecimal lastQuantity, BigDecimal volume, BigDecimal quoteVolume, long firstId, long lastId,
        long count) {

    public BigDecimal priceChange() {
        return last.subtract(open);
    }
}
