package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The recent klines of one symbol and interval, built trade by trade; not thread-safe (the owner locks). */
final class KlineBook {

    private final String symbol;
    private final Interval interval;
    private final int capacity;
    private final ArrayDeque<Building> klines = new ArrayDeque<>();
    private boolean dirty;

    KlineBook(String symbol, Interval interval, int capacity) {
        this.symbol = symbol;
        this.interval = interval;
        this.capacity = capacity;
    }

    /** Adds a trade ({@code quote} is its quote quantity); returns the kline it closed by opening a newer one, if any. */
    Optional<Kline> add(Trade trade, BigDecimal quote) {
        long openTime = interval.openTimeOf(trade.time());
        Building last = klines.peekLast();
        Kline closed = null;
        if (last == null || openTime > last.openTime) {
            if (last != null && !last.closed) {
                last.closed = true;
                closed = last.snapshot();
            }
            Building fresh = new Building(openTime, trade, quote);
            klines.addLast(fresh);
            while (klines.size() > capacity) {
                klines.removeFirst();
            }
        } else {
            // A late trade revises the kline it belongs to, if that is still kept.
            for (Iterator<Building> it = klines.descendingIterator(); it.hasNext(); ) {
                Building k = it.next();
                if (k.openTime == openTime) {
                    k.add(trade, quote, false);
                    break;
                }
                if (k.openTime < openTime) {
                    break;
                }
            }
        }
        dirty = true;
        return Optional.ofNullable(closed);
    }

    /** Closes the newest kline once wall time has passed its end. */
    Optional<Kline> closeDue(long now) {
        Building last = klines.peekLast();
        if (last != null && !last.closed && now > last.openTime + interval.millis() - 1) {
            last.closed = true;
            dirty = false;
            return Optional.of(last.snapshot());
        }
        return Optional.empty();
    }

    /** The open kline if a trade changed it since the last call. */
    Optional<Kline> takeUpdate() {
        Building last = klines.peekLast();
        if (!dirty || last == null || last.closed) {
            dirty = false;
            return Optional.empty();
        }
        dirty = false;
        return Optional.of(last.snapshot());
    }

    /** Klines with startTime ≤ openTime ≤ endTime, the first {@code limit} after startTime or else the last. */
    List<Kline> query(Long startTime, Long endTime, int limit) {
        List<Kline> selected = new ArrayList<>();
        for (Building k : klines) {
            if ((startTime == null || k.openTime >= startTime) && (endTime == null || k.openTime <= endTime)) {
                selected.add(k.snapshot());
            }
        }
        if (selected.size() <= limit) {
            return selected;
        }
        return startTime != null ? selected.subList(0, limit) : selected.subList(selected.size() - limit, selected.size());
    }

    List<Kline> since(long openTimeFrom) {
        List<Kline> selected = new ArrayList<>();
        for (Iterator<Building> it = klines.descendingIterator(); it.hasNext(); ) {
            Building k = it.next();
            if (k.openTime < openTimeFrom) {
                break;
            }
            selected.add(k.snapshot());
        }
        java.util.Collections.reverse(selected);
        return selected;
    }

    private final class Building {
        final long openTime;
        long firstId;
        long lastId;
        BigDecimal open;
        BigDecimal high;
        BigDecimal low;
        BigDecimal close;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quoteVolume = BigDecimal.ZERO;
        BigDecimal takerBuyVolume = BigDecimal.ZERO;
        BigDecimal takerBuyQuote = BigDecimal.ZERO;
        long count;
        long lastTime;
        boolean closed;

        Building(long openTime, Trade first, BigDecimal quote) {
            this.openTime = openTime;
            this.firstId = first.id();
            this.open = first.price();
            this.high = first.price();
            this.low = first.price();
            this.lastTime = first.time();
            add(first, quote, true);
        }

        void add(Trade trade, BigDecimal quote, boolean first) {
            if (!first) {
                high = high.max(trade.price());
                low = low.min(trade.price());
                firstId = Math.min(firstId, trade.id());
                if (trade.time() >= lastTime) {
                    close = trade.price();
                    lastTime = trade.time();
                }
            } else {
                close = trade.price();
            }
            lastId = Math.max(lastId, trade.id());
            volume = volume.add(trade.quantity());
            quoteVolume = quoteVolume.add(quote);
            if (!trade.buyerMaker()) {
                takerBuyVolume = takerBuyVolume.add(trade.quantity());
                takerBuyQuote = takerBuyQuote.add(quote);
            }
            count++;
        }

        Kline snapshot() {
            return new Kline(symbol, interval, openTime, openTime + interval.millis() - 1, firstId, lastId, open, high,
                    low, close, volume, quoteVolume, count, closed, takerBuyVolume, takerBuyQuote);
        }
    }
}
