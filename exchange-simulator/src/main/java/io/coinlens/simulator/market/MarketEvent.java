package io.coinlens.simulator.market;

import java.util.List;
import java.util.function.Supplier;

/** What the market tells every open connection; each protocol handler renders it in its own wire format. */
public sealed interface MarketEvent {

    /** When it was sent, wall-clock epoch ms (Binance's {@code E}). */
    long eventTime();

    /** @param frames the trade's wire frames, rendered by the first connection that sends it and shared */
    record TradeSent(Trade trade, long eventTime, Frames frames) implements MarketEvent {

        public TradeSent(Trade trade, long eventTime) {
            this(trade, eventTime, new Frames());
        }
    }

    /**
     * One event's rendering, raw and in a combined-stream envelope, made once however many connections send it.
     * Two connections may race to make it; both make the same bytes, so either may win.
     */
    final class Frames {
        private volatile byte[] raw;
        private volatile byte[] combined;

        public byte[] raw(Supplier<byte[]> render) {
            byte[] frame = raw;
            if (frame == null) {
                frame = render.get();
                raw = frame;
            }
            return frame;
        }

        public byte[] combined(Supplier<byte[]> render) {
            byte[] frame = combined;
            if (frame == null) {
                frame = render.get();
                combined = frame;
            }
            return frame;
        }
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
