package io.coinlens.simulator.market;

import java.math.BigDecimal;

/**
 * A trade as the simulator sent it: what the WebSocket carried and what the REST history returns.
 *
 * @param symbol     Binance-native, e.g. {@code BTCUSDT}
 * @param id         strictly increasing and gapless per symbol; also the aggregate trade id
 * @param time       wall-clock epoch ms
 * @param buyerMaker true when the buyer was the maker (the taker sold)
 */
public record Trade(String symbol, long id, BigDecimal price, BigDecimal quantity, long time, boolean buyerMaker) {

    public BigDecimal quoteQuantity() {
        return price.multiply(quantity);
    }
}
