package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/** Rate of change in percent (TA-Lib ROC): (close / close[period ago] - 1) * 100; lookback {@code period}. */
public final class Roc extends Indicator {

    private final Window closes;

    public Roc(int period) {
        this(IndicatorSpec.roc(period));
    }

    Roc(IndicatorSpec spec) {
        super(spec);
        this.closes = new Window(requireAtLeast("period", spec.period(), 1));
    }

    @Override
    public int lookback() {
        return closes.capacity();
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        if (closes.isFull()) {
            double then = closes.oldest();
            out[offset] = then != 0.0 ? ((close / then) - 1.0) * 100.0 : 0.0;
        } else {
            out[offset] = Double.NaN;
        }
        if (commit) {
            closes.push(close);
        }
    }

    @Override
    int stateSize() {
        return closes.stateSize();
    }

    @Override
    void write(ByteBuffer out) {
        closes.write(out);
    }

    @Override
    void read(ByteBuffer in) {
        closes.read(in);
    }
}
