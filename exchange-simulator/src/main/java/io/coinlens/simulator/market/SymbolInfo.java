package io.coinlens.simulator.market;

import java.math.BigDecimal;

/**
 * A listed symbol and the filters it advertises in {@code exchangeInfo}.
 *
 * @param symbol     Binance-native, e.g. {@code BTCUSDT}
 * @param source     the series or generator that feeds it
 * @param priceScale decimals of a price (the tick size is 10^-priceScale)
 * @param stepScale  decimals of a quantity (the step size is 10^-stepScale)
 */
public record SymbolInfo(String symbol, String baseAsset, String quoteAsset, String source, int priceScale,
        int stepScale) {

    /** {@code BTC-USDT}, as Coinlens names it. */
    public String canonical() {
        return baseAsset + "-" + quoteAsset;
    }

    /** {@code BTC-USD}, as Coinbase names the product the same trades are offered as. */
    public String coinbaseProduct() {
        return baseAsset + "-USD";
    }

    public BigDecimal tickSize() {
        return BigDecimal.ONE.movePointLeft(priceScale);
    }

    public BigDecimal stepSize() {
        return BigDecimal.ONE.movePointLeft(stepScale);
    }
}
