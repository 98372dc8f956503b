package io.coinlens.analytics.indicators;

import io.coinlens.contracts.Interval;
import java.nio.ByteBuffer;

/**
 * Realized volatility: the sample standard deviation (n - 1) of the last {@code window} log returns
 * ln(close / previous close), annualized by sqrt(candles per year) with a 365-day year (crypto trades every day):
 * 2190 candles for 4h, 525600 for 1m. Reported as a fraction (0.65 = 65 % a year); lookback {@code window}, since
 * {@code window} returns need {@code window + 1} closes.
 */
public final class RealizedVolatility extends Indicator {

    private static final double MILLIS_PER_YEAR = 365.0 * 86_400_000L;

    private final int window;
    private final double annualization;
    private final WindowMoments returns;
    private long count;
    private double previousClose;

    public RealizedVolatility(int window, Interval interval) {
        this(IndicatorSpec.rv(window), interval);
    }

    RealizedVolatility(IndicatorSpec spec, Interval interval) {
        super(spec);
        this.window = requireAtLeast("window", spec.period(), 2);
        this.annualization = Math.sqrt(periodsPerYear(interval));
        this.returns = new WindowMoments(window);
    }

    /** Candles per 365-day year. */
    public static double periodsPerYear(Interval interval) {
        return MILLIS_PER_YEAR / interval.millis();
    }

    @Override
    public int lookback() {
        return window;
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        out[offset] = Double.NaN;
        double r = 0.0;
        if (count > 0) {
            r = Math.log(close / previousClose);
            returns.prepare(r);
            if (returns.size() >= window - 1) {
                out[offset] = Math.sqrt(returns.nextM2 / (window - 1)) * annualization;
            }
        }
        if (commit) {
            if (count > 0) {
                returns.commit(r);
            }
            previousClose = close;
            count++;
        }
    }

    @Override
    int stateSize() {
        return 16 + returns.stateSize();
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(count).putDouble(previousClose);
        returns.write(out);
    }

    @Override
    void read(ByteBuffer in) {
        count = in.getLong();
        previousClose = in.getDouble();
        returns.read(in);
    }
}
