package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Average true range (TA-Lib ATR), or normalized as a percentage of the close (TA-Lib NATR): the first value is
 * the simple average of the true ranges of candles 1..period, then Wilder-smoothed; lookback {@code period}.
 *
 * <p>For period 1 TA-Lib's NATR returns the raw true range (a shortcut that skips the normalisation); this class
 * keeps the definition, TR / close * 100, for every period.
 */
public final class Atr extends Indicator {

    private final int period;
    private final boolean normalized;
    private long count;
    private double previousClose;
    /** The sum of the true ranges while seeding, then the ATR. */
    private double value;

    public Atr(int period) {
        this(IndicatorSpec.atr(period));
    }

    /** A normalized ATR (NATR) when {@code normalized}. */
    public Atr(int period, boolean normalized) {
        this(normalized ? IndicatorSpec.natr(period) : IndicatorSpec.atr(period));
    }

    Atr(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 1);
        this.normalized = spec.kind() == IndicatorSpec.Kind.NATR;
    }

    @Override
    public int lookback() {
        return period;
    }

    static double trueRange(double high, double low, double previousClose) {
        double range = high - low;
        double up = Math.abs(previousClose - high);
        if (up > range) {
            range = up;
        }
        double down = Math.abs(previousClose - low);
        return down > range ? down : range;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double next = value;
        double output = Double.NaN;
        if (count > 0) {
            double tr = trueRange(high, low, previousClose);
            if (count < period) {
                next = value + tr;
            } else {
                next = count == period ? (value + tr) / period : ((value * (period - 1)) + tr) / period;
                output = normalized ? (close != 0.0 ? (next / close) * 100.0 : 0.0) : next;
            }
        }
        out[offset] = output;
        if (commit) {
            value = next;
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
        out.putLong(count).putDouble(previousClose).putDouble(value);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        previousClose = in.getDouble();
        value = in.getDouble();
    }
}
