package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * On-balance volume (TA-Lib OBV): starts at the first candle's volume, then adds the volume of a candle that
 * closes higher than the previous one and subtracts it for one that closes lower; lookback 0. Cumulative, so its
 * level depends on where the series starts: compare its changes, not levels, across sources.
 */
public final class Obv extends Indicator {

    private long count;
    private double previousClose;
    private double obv;

    public Obv() {
        this(IndicatorSpec.obv());
    }

    Obv(IndicatorSpec spec) {
        super(spec);
    }

    @Override
    public int lookback() {
        return 0;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double next;
        if (count == 0) {
            next = volume;
        } else if (close > previousClose) {
            next = obv + volume;
        } else if (close < previousClose) {
            next = obv - volume;
        } else {
            next = obv;
        }
        out[offset] = next;
        if (commit) {
            obv = next;
            previousClose = close;
            count++;
        }
    }

    @Override
    int stateSize() {
        return 24;
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count).putDouble(previousClose).putDouble(obv);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        previousClose = in.getDouble();
        obv = in.getDouble();
    }
}
