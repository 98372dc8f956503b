package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Highest (or lowest) of the last {@code period} values in amortized O(1): a monotonic deque of the values that can
 * still become the extreme, each with its position in the series.
 */
final class WindowExtreme {

    private final int period;
    private final boolean highest;
    private final double[] values;
    private final long[] positions;
    private int front;
    private int length;
    /** How many values were pushed; the position of the next one. */
    private long count;

    WindowExtreme(int period, boolean highest) {
        this.period = period;
        this.highest = highest;
        this.values = new double[period];
        this.positions = new long[period];
    }

    /** The extreme of the window that {@code push(x)} would produce, without pushing. */
    double extremeWith(double x) {
        int k = front;
        int left = length;
        // Only the front can fall out of the window: positions in the deque are distinct and increasing.
        if (left > 0 && positions[k] <= count - period) {
            k = next(k);
            left--;
        }
        if (left == 0) {
            return x;
        }
        double v = values[k];
        return (highest ? v > x : v < x) ? v : x;
    }

    void push(double x) {
        long position = count++;
        if (length > 0 && positions[front] <= position - period) {
            front = next(front);
            length--;
        }
        while (length > 0) {
            int back = index(length - 1);
            if (highest ? values[back] <= x : values[back] >= x) {
                length--;
            } else {
                break;
            }
        }
        int at = index(length);
        values[at] = x;
        positions[at] = position;
        length++;
    }

    private int next(int k) {
        return k + 1 == period ? 0 : k + 1;
    }

    private int index(int offset) {
        int i = front + offset;
        return i >= period ? i - period : i;
    }

    int stateSize() {
        return 8 + 4 + length * 16;
    }

    void write(ByteBuffer out) {
        out.putLong(count).putInt(length);
        for (int i = 0; i < length; i++) {
            int k = index(i);
            out.putDouble(values[k]).putLong(positions[k]);
        }
    }

    void read(ByteBuffer in) {
        count = in.getLong();
        length = in.getInt();
        if (length < 0 || length > period) {
            throw new IllegalArgumentException("corrupt extreme state");
        }
        front = 0;
        for (int i = 0; i < length; i++) {
            values[i] = in.getDouble();
            positions[i] = in.getLong();
        }
    }
}
