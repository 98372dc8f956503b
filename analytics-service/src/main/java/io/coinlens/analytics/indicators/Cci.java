package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Commodity channel index (TA-Lib CCI): (TP - SMA(TP)) / (0.015 * mean absolute deviation of TP), TP = (H + L + C)
 * / 3; 0 when either term is 0, as in TA-Lib; lookback period - 1. The mean deviation around the moving mean has
 * no O(1) update, so each candle costs O(period) (one pass; the mean comes from a running sum).
 */
public final class Cci extends Indicator {

    private final int period;
    private final Window typical;

    public Cci(int period) {
        this(IndicatorSpec.cci(period));
    }

    Cci(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 2);
        this.typical = new Window(period);
    }

    @Override
    public int lookback() {
        return period - 1;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double tp = (high + low + close) / 3.0;
        if (typical.size() >= period - 1) {
            double mean = typical.sumWith(tp) / period;
            double deviation = typical.absoluteDeviationWith(tp, mean);
            double distance = tp - mean;
            // A flat window leaves rounding residue of a few ulps in both terms, whose ratio is meaningless (about
            // 66.7): treat a deviation below 1e-13 of the price as none.
            boolean flat = deviation <= Math.abs(mean) * period * 1e-13;
            out[offset] = distance != 0.0 && !flat ? distance / (0.015 * (deviation / period)) : 0.0;
        } else {
            out[offset] = Double.NaN;
        }
        if (commit) {
            typical.push(tp);
        }
    }

    @Override
    int stateSize() {
        return typical.stateSize();
    }

    @Override
    void write(ByteBuffer out) {
        typical.write(out);
    }

    @Override
    void read(ByteBuffer in) {
        typical.read(in);
    }
}
