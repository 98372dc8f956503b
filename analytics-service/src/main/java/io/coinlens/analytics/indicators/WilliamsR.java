package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Williams %R (TA-Lib WILLR): -100 * (HH - C) / (HH - LL) over {@code period} candles, 0 for a flat range as in
 * TA-Lib; lookback period - 1.
 */
public final class WilliamsR extends Indicator {

    private final int period;
    private final WindowExtreme highest;
    private final WindowExtreme lowest;
    private long count;

    public WilliamsR(int period) {
        this(IndicatorSpec.willr(period));
    }

    WilliamsR(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 2);
        this.highest = new WindowExtreme(period, true);
        this.lowest = new WindowExtreme(period, false);
    }

    @Override
    public int lookback() {
        return period - 1;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        if (count >= period - 1) {
            double hh = highest.extremeWith(high);
            double ll = lowest.extremeWith(low);
            double diff = (hh - ll) / -100.0;
            out[offset] = diff != 0.0 ? (hh - close) / diff : 0.0;
        } else {
            out[offset] = Double.NaN;
        }
        if (commit) {
            highest.push(high);
            lowest.push(low);
            count++;
        }
    }

    @Override
    int stateSize() {
        return 8 + highest.stateSize() + lowest.stateSize();
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count);
        highest.write(out);
        lowest.write(out);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        highest.read(in);
        lowest.read(in);
    }
}
