package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Bollinger Bands of the close (TA-Lib BBANDS with an SMA middle band): middle = SMA, upper/lower = middle ± k
 * population standard deviations; outputs upper, middle, lower; lookback period - 1.
 */
public final class BollingerBands extends Indicator {

    private final int period;
    private final double deviations;
    private final WindowMoments moments;

    public BollingerBands(int period, double deviations) {
        this(IndicatorSpec.bbands(period, deviations));
    }

    BollingerBands(IndicatorSpec spec) {
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
        if (moments.size() >= period - 1) {
            double middle = moments.nextMean;
            double width = deviations * Math.sqrt(moments.nextM2 / period);
            out[offset] = middle + width;
            out[offset + 1] = middle;
            out[offset + 2] = middle - width;
        } else {
            absent(out, offset, 3);
        }
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
