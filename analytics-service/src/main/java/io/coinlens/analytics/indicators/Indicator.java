package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One incremental indicator over one candle series, defined, seeded and warmed up as TA-Lib computes it.
 *
 * <p>Each candle costs O(1) time (CCI's mean deviation excepted: it is O(period) by definition) and allocates
 * nothing. {@link #step} either commits a closed candle or only computes what the outputs would be if an open candle
 * closed now, leaving the state untouched; both paths run the same code, so a provisional value equals the value
 * the same candle produces once committed.
 *
 * <p>Outputs are written to a slice of a {@code double[]} owned by {@link IndicatorValues}; {@code NaN} marks an
 * output that is still warming up and is never exposed as a value.
 */
public abstract class Indicator {

    private final IndicatorSpec spec;
    private final List<String> names;

    protected Indicator(IndicatorSpec spec) {
        this.spec = spec;
        this.names = spec.names();
    }

    public final IndicatorSpec spec() {
        return spec;
    }

    /** Names of the outputs, in the order they are written. */
    public final List<String> names() {
        return names;
    }

    /** TA-Lib's lookback: the number of candles before the first value; the first value is at this index. */
    public abstract int lookback();

    /** The lookback of one output, by its index in {@link #names()}; the same for all outputs but ADX's DIs. */
    public int lookback(int output) {
        return lookback();
    }

    abstract void step(double open, double high, double low, double close, double volume, long openTime,
            boolean commit, double[] out, int offset);

    /** Bytes {@link #write} needs for the current state. */
    abstract int stateSize();

    abstract void write(ByteBuffer out);

    abstract void read(ByteBuffer in);

    static void absent(double[] out, int offset, int count) {
        for (int i = 0; i < count; i++) {
            out[offset + i] = Double.NaN;
        }
    }

    /** TA-Lib's upper bound for periods; also keeps a query parameter from allocating without limit. */
    static final int MAX_PERIOD = 100_000;

    static int requireAtLeast(String what, int value, int min) {
        if (value < min || value > MAX_PERIOD) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + MAX_PERIOD + ", was "
                    + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return spec.id();
    }
}
