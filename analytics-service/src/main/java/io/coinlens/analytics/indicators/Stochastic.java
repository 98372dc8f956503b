package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Slow stochastic oscillator (TA-Lib STOCH with SMA slowing): fast %K over {@code fastK} candles, slow %K = SMA of
 * fast %K over {@code slowK}, slow %D = SMA of slow %K over {@code slowD}; outputs slow %K and slow %D, both from
 * TA-Lib's lookback (fastK - 1) + (slowK - 1) + (slowD - 1). A flat range gives fast %K 0, as in TA-Lib.
 */
public final class Stochastic extends Indicator {

    private final int fastK;
    private final WindowExtreme highest;
    private final WindowExtreme lowest;
    private final Window fastKs;
    private final Window slowKs;
    private long count;

    public Stochastic(int fastK, int slowK, int slowD) {
        this(IndicatorSpec.stoch(fastK, slowK, slowD));
    }

    Stochastic(IndicatorSpec spec) {
        super(spec);
        this.fastK = requireAtLeast("fast %K period", spec.period(), 1);
        int slowK = requireAtLeast("slow %K period", spec.period2(), 1);
        int slowD = requireAtLeast("slow %D period", spec.period3(), 1);
        this.highest = new WindowExtreme(fastK, true);
        this.lowest = new WindowExtreme(fastK, false);
        this.fastKs = new Window(slowK);
        this.slowKs = new Window(slowD);
    }

    @Override
    public int lookback() {
        return (fastK - 1) + (fastKs.capacity() - 1) + (slowKs.capacity() - 1);
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double hh = highest.extremeWith(high);
        double ll = lowest.extremeWith(low);
        absent(out, offset, 2);
        boolean hasFastK = count >= fastK - 1;
        double fast = 0.0;
        double slow = 0.0;
        boolean hasSlowK = false;
        if (hasFastK) {
            double diff = (hh - ll) / 100.0;
            fast = diff != 0.0 ? (close - ll) / diff : 0.0;
            hasSlowK = fastKs.size() >= fastKs.capacity() - 1;
            if (hasSlowK) {
                slow = fastKs.sumWith(fast) / fastKs.capacity();
                if (slowKs.size() >= slowKs.capacity() - 1) {
                    out[offset] = slow;
                    out[offset + 1] = slowKs.sumWith(slow) / slowKs.capacity();
                }
            }
        }
        if (commit) {
            highest.push(high);
            lowest.push(low);
            if (hasFastK) {
                fastKs.push(fast);
                if (hasSlowK) {
                    slowKs.push(slow);
                }
            }
            count++;
        }
    }

    @Override
    int stateSize() {
        return 8 + highest.stateSize() + lowest.stateSize() + fastKs.stateSize() + slowKs.stateSize();
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count);
        highest.write(out);
        lowest.write(out);
        fastKs.write(out);
        slowKs.write(out);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        highest.read(in);
        lowest.read(in);
        fastKs.read(in);
        slowKs.read(in);
    }
}
