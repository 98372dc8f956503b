package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Average directional index with the directional indicators (TA-Lib ADX, PLUS_DI, MINUS_DI); outputs adx, +DI, -DI.
 *
 * <p>As in TA-Lib: directional movement and true range are summed over candles 1..period-1, then Wilder-smoothed
 * (x - x / period + new) from candle {@code period} on, where +DI and -DI start (lookback {@code period}); the ADX
 * starts at 2 * period - 1 as the average of the DX of candles period..2 * period - 1, then is Wilder-smoothed,
 * keeping its previous value on a candle whose DX is undefined. For period 1 TA-Lib's DI functions return a ratio
 * without the factor 100; this class keeps the factor for every period.
 */
public final class Adx extends Indicator {

    private final int period;
    private long count;
    private double previousHigh;
    private double previousLow;
    private double previousClose;
    private double plusDm;
    private double minusDm;
    private double trueRange;
    /** The sum of the DX while seeding, then the ADX. */
    private double adx;

    public Adx(int period) {
        this(IndicatorSpec.adx(period));
    }

    Adx(IndicatorSpec spec) {
        super(spec);
        this.period = requireAtLeast("period", spec.period(), 1);
    }

    @Override
    public int lookback() {
        return 2 * period - 1;
    }

    /** +DI and -DI (outputs 1 and 2) start at {@code period}. */
    @Override
    public int lookback(int output) {
        return output == 0 ? lookback() : period;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        double pDm = plusDm;
        double mDm = minusDm;
        double tr = trueRange;
        double a = adx;
        absent(out, offset, 3);
        if (count > 0) {
            double up = high - previousHigh;
            double down = previousLow - low;
            double plus = 0.0;
            double minus = 0.0;
            if (down > 0 && up < down) {
                minus = down;
            } else if (up > 0 && up > down) {
                plus = up;
            }
            double range = Atr.trueRange(high, low, previousClose);
            if (count < period) {
                pDm += plus;
                mDm += minus;
                tr += range;
            } else {
                pDm = pDm - (pDm / period) + plus;
                mDm = mDm - (mDm / period) + minus;
                tr = tr - (tr / period) + range;
                double plusDi = 0.0;
                double minusDi = 0.0;
                double dx = Double.NaN;
                if (tr != 0.0) {
                    minusDi = 100.0 * (mDm / tr);
                    plusDi = 100.0 * (pDm / tr);
                    double sum = minusDi + plusDi;
                    if (sum != 0.0) {
                        dx = 100.0 * (Math.abs(minusDi - plusDi) / sum);
                    }
                }
                out[offset + 1] = plusDi;
                out[offset + 2] = minusDi;
                long seedEnd = 2L * period - 1;
                if (count <= seedEnd) {
                    if (!Double.isNaN(dx)) {
                        a += dx;
                    }
                    if (count == seedEnd) {
                        a = a / period;
                        out[offset] = a;
                    }
                } else {
                    if (!Double.isNaN(dx)) {
                        a = ((a * (period - 1)) + dx) / period;
                    }
                    out[offset] = a;
                }
            }
        }
        if (commit) {
            plusDm = pDm;
            minusDm = mDm;
            trueRange = tr;
            adx = a;
            previousHigh = high;
            previousLow = low;
            previousClose = close;
            count++;
        }
    }

    @Override
    int stateSize() {
        return 8 + 7 * 8;
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count).putDouble(previousHigh).putDouble(previousLow).putDouble(previousClose)
                .putDouble(plusDm).putDouble(minusDm).putDouble(trueRange).putDouble(adx);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        previousHigh = in.getDouble();
        previousLow = in.getDouble();
        previousClose = in.getDouble();
        plusDm = in.getDouble();
        minusDm = in.getDouble();
        trueRange = in.getDouble();
        adx = in.getDouble();
    }
}
