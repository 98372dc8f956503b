package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * MACD (TA-Lib MACD): macd = EMA(fast) - EMA(slow), signal = EMA(signal) of macd, histogram = macd - signal.
 * Lookback (slow - 1) + (signal - 1); all three outputs start there.
 *
 * <p>As in TA-Lib, both EMAs start at index slow - 1: the slow one seeded with the SMA of the first {@code slow}
 * closes, the fast one with the SMA of the {@code fast} closes ending at that same index (not the first
 * {@code fast}). TA-Lib also swaps fast and slow when given in the wrong order; so does this class.
 */
public final class Macd extends Indicator {

    private final int fast;
    private final int slow;
    private final int signal;
    private final double kFast;
    private final double kSlow;
    private final double kSignal;
    private long count;
    /** Seed sums while warming up, then the EMAs. */
    private double fastEma;
    private double slowEma;
    private double signalEma;

    public Macd(int fast, int slow, int signal) {
        this(IndicatorSpec.macd(fast, slow, signal));
    }

    Macd(IndicatorSpec spec) {
        super(spec);
        int a = requireAtLeast("fast period", spec.period(), 2);
        int b = requireAtLeast("slow period", spec.period2(), 2);
        this.fast = Math.min(a, b);
        this.slow = Math.max(a, b);
        this.signal = requireAtLeast("signal period", spec.period3(), 1);
        this.kFast = 2.0 / (fast + 1);
        this.kSlow = 2.0 / (slow + 1);
        this.kSignal = 2.0 / (signal + 1);
    }

    @Override
    public int lookback() {
        return (slow - 1) + (signal - 1);
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        long seedEnd = slow - 1;
        double f = fastEma;
        double s = slowEma;
        double sig = signalEma;
        double macd = Double.NaN;
        if (count < seedEnd) {
            s += close;
            if (count >= slow - fast) {
                f += close;
            }
        } else if (count == seedEnd) {
            s = (s + close) / slow;
            f = (f + close) / fast;
            macd = f - s;
        } else {
            s = ((close - s) * kSlow) + s;
            f = ((close - f) * kFast) + f;
            macd = f - s;
        }
        out[offset] = Double.NaN;
        out[offset + 1] = Double.NaN;
        out[offset + 2] = Double.NaN;
        if (count >= seedEnd) {
            long j = count - seedEnd;
            if (j < signal - 1) {
                sig += macd;
            } else {
                sig = j == signal - 1 ? (sig + macd) / signal : ((macd - sig) * kSignal) + sig;
                out[offset] = macd;
                out[offset + 1] = sig;
                out[offset + 2] = macd - sig;
            }
        }
        if (commit) {
            fastEma = f;
            slowEma = s;
            signalEma = sig;
            count++;
        }
    }

    @Override
    int stateSize() {
        return 32;
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count).putDouble(fastEma).putDouble(slowEma).putDouble(signalEma);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        fastEma = in.getDouble();
        slowEma = in.getDouble();
        signalEma = in.getDouble();
    }
}
