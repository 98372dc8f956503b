package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Rolling Pearson correlation of two series (TA-Lib CORREL), e.g. the closes of two symbols at the same open
 * times; lookback period - 1. The caller pairs the values: both must come from candles with the same open time.
 *
 * <p>Computed from centred co-moments rather than TA-Lib's raw sums of products, which cancel catastrophically at
 * price levels near 1e5; 0 when either series is flat over the window, as in TA-Lib.
 */
public final class Correlation {

    private final int period;
    private final WindowMoments xs;
    private final WindowMoments ys;
    private double comoment;
    private double nextComoment;
    private double value = Double.NaN;

    public Correlation(int period) {
        this.period = Indicator.requireAtLeast("period", period, 2);
        this.xs = new WindowMoments(period);
        this.ys = new WindowMoments(period);
    }

    public int period() {
        return period;
    }

    public int lookback() {
        return period - 1;
    }

    /** Commits a pair; returns true when {@link #value()} holds a correlation. */
    public boolean update(double x, double y) {
        boolean ready = compute(x, y);
        comoment = nextComoment;
        boolean wrapped = xs.commit(x);
        ys.commit(y);
        if (wrapped) {
            double mx = xs.mean();
            double my = ys.mean();
            double c = 0.0;
            for (int i = 0; i < period; i++) {
                c += (xs.get(i) - mx) * (ys.get(i) - my);
            }
            comoment = c;
        }
        return ready;
    }

    /** Computes the correlation the pair would give, without committing it; returns true when there is one. */
    public boolean peek(double x, double y) {
        return compute(x, y);
    }

    /** The correlation computed by the last {@link #update} or {@link #peek}; throws if it reported none. */
    public double value() {
        if (Double.isNaN(value)) {
            throw new IllegalStateException("correlation is still warming up");
        }
        return value;
    }

    private boolean compute(double x, double y) {
        int n = xs.size();
        double mx = xs.mean();
        double my = ys.mean();
        xs.prepare(x);
        ys.prepare(y);
        if (n < period) {
            nextComoment = n == 0 ? 0.0 : comoment + (x - mx) * (y - ys.nextMean);
        } else {
            double xo = xs.oldest();
            double yo = ys.oldest();
            nextComoment = comoment + (x - mx) * (y - my) - (xo - mx) * (yo - my) - (x - xo) * (y - yo) / n;
        }
        if (n < period - 1) {
            value = Double.NaN;
            return false;
        }
        double vx = xs.nextM2;
        double vy = ys.nextM2;
        if (vx == 0.0 || vy == 0.0) {
            value = 0.0;
        } else {
            double r = nextComoment / Math.sqrt(vx * vy);
            value = r > 1.0 ? 1.0 : (r < -1.0 ? -1.0 : r);
        }
        return true;
    }

    /** The state, for a state store; restore with {@link #restore(byte[])}. */
    public byte[] snapshot() {
        ByteBuffer out = ByteBuffer.allocate(4 + 8 + xs.stateSize() + ys.stateSize());
        out.putInt(period).putDouble(comoment);
        xs.write(out);
        ys.write(out);
        return out.array();
    }

    public static Correlation restore(byte[] snapshot) {
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        Correlation c = new Correlation(in.getInt());
        c.comoment = in.getDouble();
        c.xs.read(in);
        c.ys.read(in);
        return c;
    }
}
