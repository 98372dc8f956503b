package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Linearly weighted moving average of the close (TA-Lib WMA): weights 1..period, newest heaviest; lookback
 * period - 1. The weighted sum is kept incrementally (W' = W - S + period * x) and recomputed when the ring wraps.
 */
public final class Wma extends Indicator {

    private final int period;
    private final double divider;
    private final Window window;
    private double weighted;

    public Wma(int period) {
        this(IndicatorSpec.wma(period));
    }

    Wma(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 2);
        this.divider = (period * (period + 1)) >> 1;
        this.window = new Window(period);
    }

    @Override
    public int lookback() {
        return period - 1;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double next = window.isFull()
                ? (weighted - window.sum()) + period * close
                : weighted + (window.size() + 1) * close;
        out[offset] = window.size() >= period - 1 ? next / divider : Double.NaN;
        if (commit) {
            weighted = next;
            if (window.push(close)) {
                double w = 0.0;
                for (int i = 0; i < period; i++) {
                    w += (i + 1) * window.get(i);
                }
                weighted = w;
            }
        }
    }

    @Override
    int stateSize() {
        return window.stateSize() + 8;
    }

    @Override
    void write(ByteBuffer out) {
        window.write(out);
        out.putDouble(weighted);
    }

    @Override
    void read(ByteBuffer in) {
        window.read(in);
        weighted = in.getDouble();
    }
}
