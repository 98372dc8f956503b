package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Relative strength index of the close (TA-Lib RSI): average gain and loss seeded with the simple average of the
 * first {@code period} changes, then Wilder-smoothed; lookback {@code period}.
 *
 * <p>Where gain and loss are both zero TA-Lib reports 0 and so does this class, but it tests for exactly zero
 * rather than TA-Lib's absolute 1e-8, which would zero out the RSI of any coin priced below a cent.
 */
public final class Rsi extends Indicator {

    private final int period;
    private long count;
    private double previousClose;
    private double gain;
    private double loss;

    public Rsi(int period) {
        this(IndicatorSpec.rsi(period));
    }

    Rsi(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 2);
    }

    @Override
    public int lookback() {
        return period;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double g = gain;
        double l = loss;
        double output = Double.NaN;
        if (count > 0) {
            double change = close - previousClose;
            if (count > period) {
                l *= (period - 1);
                g *= (period - 1);
            }
            if (change < 0) {
                l -= change;
            } else {
                g += change;
            }
            if (count >= period) {
                l /= period;
                g /= period;
                double sum = g + l;
                output = sum != 0.0 ? 100.0 * (g / sum) : 0.0;
            }
        }
        out[offset] = output;
        if (commit) {
            gain = g;
            loss = l;
            previousClose = close;
            count++;
        }
    }

    @Override
    int stateSize() {
        return 32;
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count).putDouble(previousClose).putDouble(gain).putDouble(loss);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        previousClose = in.getDouble();
        gain = in.getDouble();
        loss = in.getDouble();
    }
}
