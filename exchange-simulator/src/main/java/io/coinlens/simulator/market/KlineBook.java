package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The recent klines of one symbol and interval; not thread-safe (the owner locks). The finest book (one minute) is
 * built trade by trade. A coarser book is not touched by every trade: it folds in each minute as that minute closes,
 * and adds the finest book's open minute when it is read. Only a late trade (older than the open minute) is added to
 * every book directly. Updating six books with decimal arithmetic on every trade was the load generator's main cost.
 */
final class KlineBook {

    private final String symbol;
    private final Interval interval;
    private final int capacity;
    /** The one-minute book whose open kline this coarser book adds on reading; null for the finest book itself. */
    private final KlineBook finest;
    private final ArrayDeque<Building> klines = new ArrayDeque<>();
    private boolean dirty;

    /** The finest book, built trade by trade. */
    KlineBook(String symbol, Interval interval, int capacity) {
        this(symbol, interval, capacity, null);
    }

    /** A coarser book that rolls up the klines of {@code finest}. */
    KlineBook(String symbol, Interval interval, int capacity, KlineBook finest) {
        this.symbol = symbol;
        this.interval = interval;
        this.capacity = capacity;
        this.finest = finest;
    }

    /** Whether a trade at {@code time} goes into the open newest kline or opens a newer one, i.e. is not late. */
    boolean isCurrent(long time) {
        Building last = klines.peekLast();
        long openTime = interval.openTimeOf(time);
        return last == null || openTime > last.openTime || (openTime == last.openTime && !last.closed);
    }

    /**
     * Adds a trade ({@code quote} is its quote quantity) to the kline it belongs to; returns the kline it closed by
     * opening a newer one, if any. Every trade of the finest book, and a late trade of a coarser one.
     */
    Optional<Building> add(Trade trade, BigDecimal quote) {
        long openTime = interval.openTimeOf(trade.time());
        Building last = klines.peekLast();
        Building closed = null;
        if (last == null || openTime > last.openTime) {
            closed = closeIfOpen(last);
            Building fresh = new Building(openTime);
            fresh.add(trade, quote);
            append(fresh);
        } else {
            // A late trade revises the kline it belongs to, if that is still kept.
            Building k = find(openTime);
            if (k != null) {
                k.add(trade, quote);
            }
        }
        dirty = true;
        return Optional.ofNullable(closed);
    }

    /**
     * A coarser book: a trade at {@code time} went into the finest book's open minute. Opens the kline of its period
     * (closing the previous one) if that period has begun; returns the closed kline, if any.
     */
    Optional<Kline> roll(long time) {
        dirty = true;
        long openTime = interval.openTimeOf(time);
        Building last = klines.peekLast();
        if (last != null && openTime <= last.openTime) {
            return Optional.empty();
        }
        Building closed = closeIfOpen(last);
        append(new Building(openTime));
        return Optional.ofNullable(closed).map(this::snapshot);
    }

    /** A coarser book: folds a closed minute of the finest book into the kline of its period, if that is kept. */
    void fold(Building minute) {
        Building k = find(interval.openTimeOf(minute.openTime));
        if (k != null) {
            k.merge(minute);
        }
    }

    /** Closes the newest kline once wall time has passed its end; returns it. */
    Optional<Building> closeDue(long now) {
        Building last = klines.peekLast();
        if (last != null && !last.closed && now > last.openTime + interval.millis() - 1) {
            last.closed = true;
            dirty = false;
            return Optional.of(last);
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
        return Optional.of(snapshot(last));
    }

    /** Klines with startTime ≤ openTime ≤ endTime, the first {@code limit} after startTime or else the last. */
    List<Kline> query(Long startTime, Long endTime, int limit) {
        List<Kline> selected = new ArrayList<>();
        for (Building k : klines) {
            if ((startTime == null || k.openTime >= startTime) && (endTime == null || k.openTime <= endTime)) {
                selected.add(snapshot(k));
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
            selected.add(snapshot(k));
        }
        Collections.reverse(selected);
        return selected;
    }

    /** What a kline looks like now: in a coarser book, with the finest book's open minute of its period added. */
    Kline snapshot(Building k) {
        Building open = finest == null ? null : finest.klines.peekLast();
        if (open == null || open.closed || interval.openTimeOf(open.openTime) != k.openTime) {
            return k.snapshot(null);
        }
        return k.snapshot(open);
    }

    private Building closeIfOpen(Building last) {
        if (last == null || last.closed) {
            return null;
        }
        last.closed = true;
        return last;
    }

    private void append(Building fresh) {
        klines.addLast(fresh);
        while (klines.size() > capacity) {
            klines.removeFirst();
        }
    }

    private Building find(long openTime) {
        for (Iterator<Building> it = klines.descendingIterator(); it.hasNext(); ) {
            Building k = it.next();
            if (k.openTime == openTime) {
                return k;
            }
            if (k.openTime < openTime) {
                return null;
            }
        }
        return null;
    }

    /**
     * One kline's running totals. Trade ids rise in the order trades are made, so the open is the price of the
     * lowest id; the close is the price of the latest trade time, the later-made trade on a tie.
     */
    final class Building {
        final long openTime;
        long firstId = Long.MAX_VALUE;
        long lastId = Long.MIN_VALUE;
        BigDecimal open;
        BigDecimal high;
        BigDecimal low;
        BigDecimal close;
        long closeTime = Long.MIN_VALUE;
        long closeId = Long.MIN_VALUE;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quoteVolume = BigDecimal.ZERO;
        BigDecimal takerBuyVolume = BigDecimal.ZERO;
        BigDecimal takerBuyQuote = BigDecimal.ZERO;
        long count;
        boolean closed;

        Building(long openTime) {
            this.openTime = openTime;
        }

        void add(Trade trade, BigDecimal quote) {
            BigDecimal price = trade.price();
            if (count == 0) {
                high = price;
                low = price;
            } else {
                high = high.max(price);
                low = low.min(price);
            }
            if (trade.id() < firstId) {
                firstId = trade.id();
                open = price;
            }
            lastId = Math.max(lastId, trade.id());
            if (trade.time() > closeTime || (trade.time() == closeTime && trade.id() > closeId)) {
                close = price;
                closeTime = trade.time();
                closeId = trade.id();
            }
            volume = volume.add(trade.quantity());
            quoteVolume = quoteVolume.add(quote);
            if (!trade.buyerMaker()) {
                takerBuyVolume = takerBuyVolume.add(trade.quantity());
                takerBuyQuote = takerBuyQuote.add(quote);
            }
            count++;
        }

        void merge(Building other) {
            if (other.count == 0) {
                return;
            }
            high = count == 0 ? other.high : high.max(other.high);
            low = count == 0 ? other.low : low.min(other.low);
            if (other.firstId < firstId) {
                firstId = other.firstId;
                open = other.open;
            }
            lastId = Math.max(lastId, other.lastId);
            if (other.closeTime > closeTime || (other.closeTime == closeTime && other.closeId > closeId)) {
                close = other.close;
                closeTime = other.closeTime;
                closeId = other.closeId;
            }
            volume = volume.add(other.volume);
            quoteVolume = quoteVolume.add(other.quoteVolume);
            takerBuyVolume = takerBuyVolume.add(other.takerBuyVolume);
            takerBuyQuote = takerBuyQuote.add(other.takerBuyQuote);
            count += other.count;
        }

        Kline snapshot(Building plus) {
            Building k = this;
            if (plus != null && plus.count > 0) {
                k = new Building(openTime);
                k.merge(this);
                k.merge(plus);
                k.closed = closed;
            }
            return new Kline(symbol, interval, openTime, openTime + interval.millis() - 1, k.firstId, k.lastId, k.open,
                    k.high, k.low, k.close, k.volume, k.quoteVolume, k.count, closed, k.takerBuyVolume,
                    k.takerBuyQuote);
        }
    }
}
