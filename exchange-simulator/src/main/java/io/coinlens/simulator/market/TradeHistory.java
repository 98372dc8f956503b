package io.coinlens.simulator.market;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} trades of one symbol, in id order. Ids are gapless, so a trade is found by its id in
 * constant time. Not thread-safe (the owner locks).
 */
final class TradeHistory {

    private final Trade[] ring;
    private int start;
    private int size;

    TradeHistory(int capacity) {
        this.ring = new Trade[capacity];
    }

    void append(Trade trade) {
        if (size > 0 && trade.id() != newest().id() + 1) {
            throw new IllegalStateException("trade ids must be gapless: " + newest().id() + " then " + trade.id());
        }
        if (size == ring.length) {
            ring[start] = trade;
            start = (start + 1) % ring.length;
        } else {
            ring[(start + size) % ring.length] = trade;
            size++;
        }
    }

    int size() {
        return size;
    }

    Trade get(int index) {
        return ring[(start + index) % ring.length];
    }

    Trade newest() {
        return get(size - 1);
    }

    /** Up to {@code limit} trades from {@code fromId} on (from the oldest kept if that is newer). */
    List<Trade> fromId(long fromId, int limit) {
        if (size == 0) {
            return List.of();
        }
        long oldest = get(0).id();
        int from = (int) Math.max(0, Math.min(size, fromId - oldest));
        return slice(from, Math.min(size, from + limit));
    }

    /** The newest {@code limit} trades, oldest first. */
    List<Trade> latest(int limit) {
        return slice(Math.max(0, size - limit), size);
    }

    /** Up to {@code limit} trades with startTime ≤ time ≤ endTime and id ≥ fromId, oldest first; or the newest ones. */
    List<Trade> query(Long fromId, Long startTime, Long endTime, int limit) {
        if (fromId == null && startTime == null && endTime == null) {
            return latest(limit);
        }
        int from = 0;
        if (fromId != null && size > 0) {
            from = (int) Math.max(0, Math.min(size, fromId - get(0).id()));
        }
        List<Trade> selected = new ArrayList<>();
        // A linear scan: a late trade can break time order, so a binary search on time would miss it.
        for (int i = from; i < size && selected.size() < limit; i++) {
            Trade t = get(i);
            if ((startTime == null || t.time() >= startTime) && (endTime == null || t.time() <= endTime)) {
                selected.add(t);
            }
        }
        if (fromId == null && startTime == null) {
            // Only an end time: Binance answers with the newest trades before it.
            List<Trade> before = new ArrayList<>();
            for (int i = size - 1; i >= 0 && before.size() < limit; i--) {
                Trade t = get(i);
                if (t.time() <= endTime) {
                    before.add(0, t);
                }
            }
            return before;
        }
        return selected;
    }

    private List<Trade> slice(int from, int to) {
        List<Trade> trades = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            trades.add(get(i));
        }
        return trades;
    }
}
