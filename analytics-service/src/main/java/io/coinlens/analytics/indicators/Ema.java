package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Exponential moving average of the close (TA-Lib EMA): k = 2 / (period + 1), seeded with the SMA of the first
 * {@code period} closes; lookback period - 1.
 */
public final class Ema extends Indicator {

    private final int period;
    private final double k;
    private long count;
    /** The sum of the closes while seeding, then the EMA. */
    private double value;

    public Ema(int period) {
        this(IndicatorSpec.ema(period));
    }

    Ema(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 2);
        this.k = 2.0 / (period + 1);
    }

    @Override
    public int lookback() {
        return period - 1;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double next;
        double output = Double.NaN;
        if (count < period - 1) {
            next = value + close;
        } else if (count == period - 1) {
            next = (value + close) / period;
            output = next;
        } else {
            next = ((close - value) * k) + value;
            output = next;
        }
        out[offset] = output;
        if (commit) {
            value = next;
            count++;
        }
    }

    @Override
    int stateSize() {
        return 16;
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count).putDouble(value);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        value = in.getDouble();
    }
}
