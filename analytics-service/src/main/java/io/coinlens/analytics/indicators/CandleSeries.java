package io.coinlens.analytics.indicators;

import java.util.Arrays;

/** Closed candles of one series, oldest first, as parallel arrays: the input of a batch recomputation. */
public final class CandleSeries {

    private final long[] openTimes;
    private final double[] open;
    private final double[] high;
    private final double[] low;
    private final double[] close;
    private final double[] volume;

    private CandleSeries(long[] openTimes, double[] open, double[] high, double[] low, double[] close,
            double[] volume) {
        int n = openTimes.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
            throw new IllegalArgumentException("candle columns differ in length");
        }
        this.openTimes = openTimes;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
    }

    /** Copies the columns. */
    public static CandleSeries of(long[] openTimes, double[] open, double[] high, double[] low, double[] close,
            double[] volume) {
        return new CandleSeries(openTimes.clone(), open.clone(), high.clone(), low.clone(), close.clone(),
                volume.clone());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return openTimes.length;
    }

    public long openTime(int i) {
        return openTimes[i];
    }

    public double open(int i) {
        return open[i];
    }

    public double high(int i) {
        return high[i];
    }

    public double low(int i) {
        return low[i];
    }

    public double close(int i) {
        return close[i];
    }

    public double volume(int i) {
        return volume[i];
    }

    /** Collects candles one by one. */
    public static final class Builder {

        private long[] openTimes = new long[64];
        private double[] open = new double[64];
        private double[] high = new double[64];
        private double[] low = new double[64];
        private double[] close = new double[64];
        private double[] volume = new double[64];
        private int size;

        private Builder() {
        }

        public Builder add(long openTime, double o, double h, double l, double c, double v) {
            if (size == openTimes.length) {
                int capacity = size * 2;
                openTimes = Arrays.copyOf(openTimes, capacity);
                open = Arrays.copyOf(open, capacity);
                high = Arrays.copyOf(high, capacity);
                low = Arrays.copyOf(low, capacity);
                close = Arrays.copyOf(close, capacity);
                volume = Arrays.copyOf(volume, capacity);
            }
            openTimes[size] = openTime;
            open[size] = o;
            high[size] = h;
            low[size] = l;
            close[size] = c;
            volume[size] = v;
            size++;
            return this;
        }

        public CandleSeries build() {
            return new CandleSeries(Arrays.copyOf(openTimes, size), Arrays.copyOf(open, size),
                    Arrays.copyOf(high, size), Arrays.copyOf(low, size), Arrays.copyOf(close, size),
                    Arrays.copyOf(volume, size));
        }
    }
}
