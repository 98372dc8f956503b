package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * The last {@code capacity} values of a series with their running sum.
 *
 * <p>The running sum is recomputed from the buffer each time the ring wraps: that bounds the rounding drift of
 * add-and-subtract to one period, at an amortized O(1) cost.
 */
final class Window {

    private final double[] values;
    private int head;
    private int size;
    private double sum;

    Window(int capacity) {
        this.values = new double[capacity];
    }

    int capacity() {
        return values.length;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == values.length;
    }

    /** The value the next push evicts; only meaningful when full. */
    double oldest() {
        return values[head];
    }

    /** The most recent value; only meaningful when not empty. */
    double newest() {
        return values[head == 0 ? values.length - 1 : head - 1];
    }

    /** The i-th value in time order, 0 being the oldest. */
    double get(int i) {
        int start = isFull() ? head : 0;
        int idx = start + i;
        return values[idx >= values.length ? idx - values.length : idx];
    }

    double sum() {
        return sum;
    }

    /** The sum the window would have after {@code push(x)}. */
    double sumWith(double x) {
        return isFull() ? (sum - values[head]) + x : sum + x;
    }

    /** Sum of |v - mean| over the window {@code push(x)} would produce, without pushing. O(capacity). */
    double absoluteDeviationWith(double x, double mean) {
        double total = Math.abs(x - mean);
        int evicted = isFull() ? head : -1;
        for (int i = 0; i < size; i++) {
            if (i != evicted) {
                total += Math.abs(values[i] - mean);
            }
        }
        return total;
    }

    /** Appends x, evicting the oldest value when full; returns true when the ring wrapped and the sum was resynced. */
    boolean push(double x) {
        sum = sumWith(x);
        values[head] = x;
        if (size < values.length) {
            size++;
        }
        if (++head == values.length) {
            head = 0;
            resync();
            return true;
        }
        return false;
    }

    private void resync() {
        double s = 0.0;
        for (double v : values) {
            s += v;
        }
        sum = s;
    }

    int stateSize() {
        return 8 + 8 + 8 * size;
    }

    void write(ByteBuffer out) {
        out.putInt(head).putInt(size).putDouble(sum);
        for (int i = 0; i < size; i++) {
            out.putDouble(values[i]);
        }
    }

    void read(ByteBuffer in) {
        head = in.getInt();
        size = in.getInt();
        sum = in.getDouble();
        if (size < 0 || size > values.length || head < 0 || head >= values.length) {
            throw new IllegalArgumentException("corrupt window state");
        }
        for (int i = 0; i < size; i++) {
            values[i] = in.getDouble();
        }
    }
}
