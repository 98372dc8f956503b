package io.coinlens.analytics.candles;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.Interval;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * One candle being built: from trades (1m) or from closed 1m candles (longer intervals). Open and close follow
 * trade ids, which are increasing per (exchange, symbol), so trades out of order within the grace period still give
 * the right open and close.
 */
final class CandleAggregate {

    final long openTime;
    BigDecimal open;
    BigDecimal high;
    BigDecimal low;
    BigDecimal close;
    BigDecimal volume = BigDecimal.ZERO;
    BigDecimal quoteVolume = BigDecimal.ZERO;
    long openId = Long.MAX_VALUE;
    long closeId = Long.MIN_VALUE;
    long trades;
    /** The revision last published; -1 before the first. */
    long revision = -1;
    boolean dirty;

    CandleAggregate(long openTime) {
        this.openTime = openTime;
    }

    boolean isEmpty() {
        return trades == 0;
    }

    void addTrade(long tradeId, BigDecimal price, BigDecimal quantity) {
        if (tradeId < openId) {
            open = price;
            openId = tradeId;
        }
        if (tradeId > closeId) {
            close = price;
            closeId = tradeId;
        }
        high = high == null ? price : high.max(price);
        low = low == null ? price : low.min(price);
        volume = volume.add(quantity);
        quoteVolume = quoteVolume.add(price.multiply(quantity));
        trades++;
        dirty = true;
    }

    /** Adds a later candle (or the candle of later trades); candles come in time order. */
    void merge(CandleAggregate later) {
        if (later.isEmpty()) {
            return;
        }
        if (isEmpty()) {
            open = later.open;
            openId = later.openId;
        }
        close = later.close;
        closeId = Math.max(closeId, later.closeId);
        high = high == null ? later.high : high.max(later.high);
        low = low == null ? later.low : low.min(later.low);
        volume = volume.add(later.volume);
        quoteVolume = quoteVolume.add(later.quoteVolume);
        trades += later.trades;
    }

    CandleAggregate copy() {
        CandleAggregate c = new CandleAggregate(openTime);
        c.merge(this);
        c.revision = revision;
        c.dirty = dirty;
        return c;
    }

    CandleUpdated toEvent(String exchange, String symbol, Interval interval, boolean closed, long revision) {
        return new CandleUpdated(exchange, symbol, interval, openTime, openTime + interval.millis() - 1, open, high,
                low, close, volume.stripTrailingZeros(), quoteVolume.stripTrailingZeros(), trades, closed, revision,
                "live");
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(openTime);
        out.writeLong(trades);
        out.writeLong(revision);
        out.writeBoolean(dirty);
        if (trades > 0) {
            out.writeUTF(open.toString());
            out.writeUTF(high.toString());
            out.writeUTF(low.toString());
            out.writeUTF(close.toString());
            out.writeUTF(volume.toString());
            out.writeUTF(quoteVolume.toString());
            out.writeLong(openId);
            out.writeLong(closeId);
        }
    }

    static CandleAggregate read(DataInput in) throws IOException {
        CandleAggregate c = new CandleAggregate(in.readLong());
        c.trades = in.readLong();
        c.revision = in.readLong();
        c.dirty = in.readBoolean();
        if (c.trades > 0) {
            c.open = new BigDecimal(in.readUTF());
            c.high = new BigDecimal(in.readUTF());
            c.low = new BigDecimal(in.readUTF());
            c.close = new BigDecimal(in.readUTF());
            c.volume = new BigDecimal(in.readUTF());
            c.quoteVolume = new BigDecimal(in.readUTF());
            c.openId = in.readLong();
            c.closeId = in.readLong();
        }
        return c;
    }
}
