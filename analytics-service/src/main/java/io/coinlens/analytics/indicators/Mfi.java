package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Money flow index (TA-Lib MFI): 100 * positive / (positive + negative) money flow over the last {@code period}
 * typical-price changes; lookback {@code period}.
 *
 * <p>TA-Lib reports 0 whenever the total money flow is below 1.0, a threshold in currency units that would blank
 * the MFI of low-priced or thinly traded coins; this class reports 0 only when the total is exactly 0.
 */
public final class Mfi extends Indicator {

    private final int period;
    private final Window positive;
    private final Window negative;
    private long count;
    private double previousTypical;

    public Mfi(int period) {
        this(IndicatorSpec.mfi(period));
    }

    Mfi(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 2);
        this.positive = new Window(period);
        this.negative = new Window(period);
    }

    @Override
    public int lookback() {
        return period;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double tp = (high + low + close) / 3.0;
        double up = 0.0;
        double down = 0.0;
        out[offset] = Double.NaN;
        if (count > 0) {
            double change = tp - previousTypical;
            double flow = tp * volume;
            if (change < 0) {
                down = flow;
            } else if (change > 0) {
                up = flow;
            }
            if (count >= period) {
                double pos = positive.sumWith(up);
                double total = pos + negative.sumWith(down);
                out[offset] = total != 0.0 ? 100.0 * (pos / total) : 0.0;
            }
        }
        if (commit) {
            if (count > 0) {
                positive.push(up);
                negative.push(down);
            }
            previousTypical = tp;
            count++;
        }
    }

    @Override
    int stateSize() {
        return 16 + positive.stateSize() + negative.stateSize();
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count).putDouble(previousTypical);
        positive.write(out);
        negative.write(out);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        previousTypical = in.getDouble();
        positive.read(in);
        negative.read(in);
    }
}
