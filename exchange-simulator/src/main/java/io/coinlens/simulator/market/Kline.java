package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;

import java.math.BigDecimal;

/**
 * A Binance kline built from the trades the simulator sent, in Binance's field order.
 *
 * @param closeTime       openTime + interval - 1, as Binance writes it
 * @param firstTradeId    {@code f}
 * @param lastTradeId     {@code L}
 * @param volume          base asset volume {@code v}
 * @param quoteVolume     {@code q}
 * @param trades          {@code n}
 * @param closed          {@code x}: no trade can change it any more
 * @param takerBuyVolume  {@code V}: base volume of trades whose taker bought
 * @param takerBuyQuote   {@code Q}
 */
public record Kline(String symbol, Interval interval, long openTime, long closeTime, long firstTradeId,
        long lastTradeId, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume,
        BigDecimal quoteVolume, long trades, boolean closed, BigDecimal takerBuyVolume, BigDecimal takerBuyQuote) {
}
