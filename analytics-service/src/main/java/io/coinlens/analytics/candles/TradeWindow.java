package io.coinlens.analytics.candles;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Which of the most recent trade ids of one (exchange, symbol) were counted: a bitset over the {@link #SIZE} ids up
 * to the highest seen. Ids increase per symbol, so a redelivered trade is either in the window or older than every
 * trade the window remembers, and then far too old to count anyway.
 */
final class TradeWindow {

    static final int SIZE = 4096;
    private static final int WORDS = SIZE / 64;

    private long highest = -1;
    /** Bit i: id {@code highest - i} was counted. */
    private final long[] bits = new long[WORDS];

    /** True if the id is new (and records it), false if it was counted already or is too old to tell. */
    boolean firstSeen(long id) {
        if (highest < 0 || id > highest) {
            shift(highest < 0 ? SIZE : id - highest);
            highest = id;
            bits[0] |= 1L;
            return true;
        }
        long age = highest - id;
        if (age >= SIZE) {
            return false;
        }
        int word = (int) (age >>> 6);
        long mask = 1L << (age & 63);
        if ((bits[word] & mask) != 0) {
            return false;
        }
        bits[word] |= mask;
        return true;
    }

    /** True if the id was seen, without recording it. */
    boolean seen(long id) {
        if (highest < 0 || id > highest) {
            return false;
        }
        long age = highest - id;
        return age >= SIZE || (bits[(int) (age >>> 6)] & (1L << (age & 63))) != 0;
    }

    private void shift(long by) {
        if (by >= SIZE) {
            java.util.Arrays.fill(bits, 0L);
            return;
        }
        int words = (int) (by >>> 6);
        int rest = (int) (by & 63);
        for (int i = WORDS - 1; i >= 0; i--) {
            int from = i - words;
            long value = from >= 0 ? bits[from] << rest : 0L;
            if (rest != 0 && from - 1 >= 0) {
                value |= bits[from - 1] >>> (64 - rest);
            }
            bits[i] = value;
        }
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(highest);
        for (long word : bits) {
            out.writeLong(word);
        }
    }

    static TradeWindow read(DataInput in) throws IOException {
        TradeWindow w = new TradeWindow();
        w.highest = in.readLong();
        for (int i = 0; i < WORDS; i++) {
            w.bits[i] = in.readLong();
        }
        return w;
    }
}
