package io.coinlens.simulator.market;

import java.util.List;

/** What the market tells every open connection; each protocol handler renders it in its own wire format. */
public sealed interface MarketEvent {

    /** When it was sent, wall-clock epoch ms (Binance's {@code E}). */
    long eventTime();

    record TradeSent(Trade trade, long eventTime) implements MarketEvent {
    }

    record KlineSent(Kline kline, long eventTime) implements MarketEvent {
    }

    /** The symbols whose 24h statistics changed since the previous batch. */
    record TickersSent(List<Ticker> tickers, long eventTime) implements MarketEvent {
    }

    /** Fault: every connection sends one frame that is not JSON. */
    record MalformedFrame(long eventTime) implements MarketEvent {
    }

    /** Fault: every connection is cut, without a close frame. */
    record Disconnect(long eventTime) implements MarketEvent {
    }
}
