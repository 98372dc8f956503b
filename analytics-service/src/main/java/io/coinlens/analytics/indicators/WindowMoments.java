package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Mean and sum of squared deviations (M2) of the last {@code capacity} values.
 *
 * <p>M2 is updated from centred terms (Welford's update, and its sliding form when a value leaves the window)
 * rather than from a running sum of squares: with prices near 1e5 the textbook {@code E[x²] - E[x]²} loses about
 * ten significant digits to cancellation. Both the sum and M2 are recomputed exactly each time the ring wraps, and
 * a window of identical values is recognised exactly (its M2 is 0, not rounding noise).
 *
 * <p>{@link #prepare(double)} computes the state after a value without applying it (for provisional values);
 * {@link #commit(double)} applies it.
 */
final class WindowMoments {

    private final Window window;
    private double m2;
    /** How many of the latest values are equal to the newest one. */
    private int run;

    /** Results of the last {@link #prepare(double)}; scratch, not state. */
    double nextMean;
    double nextM2;
    private double nextSum;
    private int nextRun;

    WindowMoments(int capacity) {
        this.window = new Window(capacity);
    }

    int capacity() {
        return window.capacity();
    }

    int size() {
        return window.size();
    }

    boolean isFull() {
        return window.isFull();
    }

    double oldest() {
        return window.oldest();
    }

    double get(int i) {
        return window.get(i);
    }

    double mean() {
        return window.size() == 0 ? 0.0 : window.sum() / window.size();
    }

    double m2() {
        return m2;
    }

    /** Computes {@link #nextMean} and {@link #nextM2}, the moments after adding x, without changing the state. */
    void prepare(double x) {
        int n = window.size();
        nextSum = window.sumWith(x);
        nextRun = (n > 0 && x == window.newest()) ? Math.min(run + 1, window.capacity()) : 1;
        if (n < window.capacity()) {
            int n1 = n + 1;
            nextMean = nextSum / n1;
            nextM2 = n == 0 ? 0.0 : m2 + (x - mean()) * (x - nextMean);
        } else {
            double old = window.oldest();
            nextMean = nextSum / n;
            nextM2 = m2 + (x - old) * ((x - nextMean) + (old - mean()));
        }
        if (nextRun >= Math.min(n + 1, window.capacity()) || nextM2 < 0.0) {
            nextM2 = 0.0;
        }
    }

    /** Applies x; {@link #prepare(double)} must have been called with the same x. Returns true after a resync. */
    boolean commit(double x) {
        run = nextRun;
        m2 = nextM2;
        if (window.push(x)) {
            resync();
            return true;
        }
        return false;
    }

    private void resync() {
        int n = window.size();
        double mean = window.sum() / n;
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            double d = window.get(i) - mean;
            s += d * d;
        }
        m2 = run >= n ? 0.0 : s;
    }

    int stateSize() {
        return window.stateSize() + 8 + 4;
    }

    void write(ByteBuffer out) {
        window.write(out);
        out.putDouble(m2).putInt(run);
    }

    void read(ByteBuffer in) {
        window.read(in);
        m2 = in.getDouble();
        run = in.getInt();
    }
}
