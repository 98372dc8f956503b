package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/** Simple moving average of the close (TA-Lib SMA); lookback period - 1. */
public final class Sma extends Indicator {

    private final int period;
    private final Window window;

    public Sma(int period) {
        this(IndicatorSpec.sma(period));
    }

    Sma(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 2);
        this.window = new Window(period);
    }

    @Override
    public int lookback() {
        return period - 1;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        boolean ready = window.size() >= period - 1;
        out[offset] = ready ? window.sumWith(close) / period : Double.NaN;
        if (commit) {
            window.push(close);
        }
    }

    @Override
    int stateSize() {
        return window.stateSize();
    }

    @Override
    void write(ByteBuffer out) {
        window.write(out);
    }

    @Override
    void read(ByteBuffer in) {
        window.read(in);
    }
}
