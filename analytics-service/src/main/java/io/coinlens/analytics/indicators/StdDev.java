package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Population standard deviation of the close times a number of deviations (TA-Lib STDDEV); lookback period - 1.
 * A window with no variance reports 0, as TA-Lib does.
 */
public final class StdDev extends Indicator {

    private final int period;
    private final double deviations;
    private final WindowMoments moments;

    public StdDev(int period) {
        this(IndicatorSpec.stddev(period));
    }

    public StdDev(int period, double deviations) {
        this(IndicatorSpec.stddev(period, deviations));
    }

    StdDev(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 2);
        this.deviations = spec.multiplier();
        this.moments = new WindowMoments(period);
    }

    @Override
    public int lookback() {
        return period - 1;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        moments.prepare(close);
        out[offset] = moments.size() >= period - 1 ? Math.sqrt(moments.nextM2 / period) * deviations : Double.NaN;
        if (commit) {
            moments.commit(close);
        }
    }

    @Override
    int stateSize() {
        return moments.stateSize();
    }

    @Override
    void write(ByteBuffer out) {
        moments.write(out);
    }

    @Override
    void read(ByteBuffer in) {
        moments.read(in);
    }
}
