package io.coinlens.portfolio.alert;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The lowest and highest price of one symbol over a sliding window, for percent-move alerts. Times are cut into
 * buckets (1 s, or window/3600 for windows over an hour, so a 24 h window has 24 s buckets) and two monotonic queues
 * keep the candidates for the minimum and the maximum, at most one entry per bucket each: a trade costs amortized
 * O(1) and a window at most 3,600 entries per queue, however many trades it sees. The window's far edge is exact to
 * one bucket.
 *
 * <p>A late trade (older than the newest one) still counts if it falls inside the window; it is filed in the newest
 * bucket, so it may stay up to its lateness longer than it should. One older than the whole window is dropped. Not
 * thread-safe: callers lock it.
 */
final class PriceWindow {

    static final int MAX_BUCKETS = 3600;

    private record Entry(long bucket, BigDecimal price) {
    }

    private final long bucketMillis;
    private final long buckets;
    private final ArrayDeque<Entry> lows = new ArrayDeque<>();
    private final ArrayDeque<Entry> highs = new ArrayDeque<>();
    private long newestTime = Long.MIN_VALUE;
    private long oldestTime = Long.MAX_VALUE;
    private BigDecimal newestPrice;

    PriceWindow(Duration window) {
        this.bucketMillis = Math.max(1000, window.toMillis() / MAX_BUCKETS);
        this.buckets = Math.max(1, window.toMillis() / bucketMillis);
    }

    /** Adds a trade; false if it is older than the whole window and was dropped. */
    boolean add(long time, BigDecimal price) {
        if (newestPrice == null || time >= newestTime) {
            newestTime = time;
            newestPrice = price;
        } else if (Math.floorDiv(time, bucketMillis) <= newestBucket() - buckets) {
            return false;
        }
        oldestTime = Math.min(oldestTime, time);
        long bucket = newestBucket();
        push(lows, bucket, price, true);
        push(highs, bucket, price, false);
        expire(lows, bucket);
        expire(highs, bucket);
        return true;
    }

    /** The newest trade's price, the one a move is measured to; null before the first trade. */
    BigDecimal price() {
        return newestPrice;
    }

    long newestTime() {
        return newestTime;
    }

    /** The oldest trade this window has taken, whether or not it has left the window since. */
    long oldestTime() {
        return oldestTime;
    }

    BigDecimal low() {
        return lows.isEmpty() ? null : lows.peekFirst().price();
    }

    BigDecimal high() {
        return highs.isEmpty() ? null : highs.peekFirst().price();
    }

    int entries() {
        return lows.size() + highs.size();
    }

    private long newestBucket() {
        return Math.floorDiv(newestTime, bucketMillis);
    }

    /** Drops the entries the new price makes useless: for the lows every later-or-equal one at or above it. */
    private static void push(ArrayDeque<Entry> queue, long bucket, BigDecimal price, boolean low) {
        while (!queue.isEmpty()) {
            int cmp = queue.peekLast().price().compareTo(price);
            if (low ? cmp >= 0 : cmp <= 0) {
                queue.pollLast();
            } else {
                break;
            }
        }
        if (!queue.isEmpty() && queue.peekLast().bucket() == bucket) {
            // A better price of the same bucket is already queued; this one would expire with it.
            return;
        }
        queue.addLast(new Entry(bucket, price));
    }

    private void expire(ArrayDeque<Entry> queue, long newest) {
        while (!queue.isEmpty() && queue.peekFirst().bucket() <= newest - buckets) {
            queue.pollFirst();
        }
    }
}
