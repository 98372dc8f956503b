package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything kept about one symbol: the id sequence, the trade history and the klines. Thread-safe. */
final class SymbolMarket {

    private static final long DAY = 86_400_000L;

    private final SymbolInfo info;
    private final TradeHistory history;
    private final Map<Interval, KlineBook> klines = new EnumMap<>(Interval.class);
    /** The one-minute book every trade goes to; the coarser books roll it up. */
    private final KlineBook minutes;
    private final List<KlineBook> coarser = new ArrayList<>();
    private long nextId;
    private Trade last;
    private boolean tickerChanged;

    SymbolMarket(SymbolInfo info, long firstId, int maxTrades, int maxKlines) {
        this.info = info;
        this.nextId = firstId;
        this.history = new TradeHistory(maxTrades);
        this.minutes = new KlineBook(info.symbol(), Interval.M1, maxKlines);
        klines.put(Interval.M1, minutes);
        for (Interval interval : Interval.values()) {
            if (interval != Interval.M1) {
                KlineBook book = new KlineBook(info.symbol(), interval, maxKlines, minutes);
                klines.put(interval, book);
                coarser.add(book);
            }
        }
    }

    SymbolInfo info() {
        return info;
    }

    /** Gives the trade the next id and keeps it; returns it with the klines it closed. */
    synchronized Appended append(BigDecimal price, BigDecimal quantity, long time, boolean buyerMaker) {
        Trade trade = new Trade(info.symbol(), nextId++, price, quantity, time, buyerMaker);
        history.append(trade);
        List<Kline> closed = new ArrayList<>(0);
        BigDecimal quote = trade.quoteQuantity();
        // A late trade's minute is closed and already folded into the coarser klines: it goes to each of them.
        boolean late = !minutes.isCurrent(time);
        Optional<KlineBook.Building> closedMinute = minutes.add(trade, quote);
        closedMinute.ifPresent(minute -> closeMinute(minute, closed));
        for (KlineBook book : coarser) {
            if (late) {
                book.add(trade, quote).ifPresent(k -> closed.add(book.snapshot(k)));
            } else {
                book.roll(time).ifPresent(closed::add);
            }
        }
        if (last == null || time >= last.time()) {
            last = trade;
        }
        tickerChanged = true;
        return new Appended(trade, closed);
    }

    record Appended(Trade trade, List<Kline> closedKlines) {
    }

    /** A minute closed: it goes out as it is, and into the coarser klines of its period. */
    private void closeMinute(KlineBook.Building minute, List<Kline> closed) {
        closed.add(minutes.snapshot(minute));
        for (KlineBook book : coarser) {
            book.fold(minute);
        }
    }

    synchronized List<Kline> closeDue(long now) {
        List<Kline> closed = new ArrayList<>(0);
        minutes.closeDue(now).ifPresent(minute -> closeMinute(minute, closed));
        for (KlineBook book : coarser) {
            book.closeDue(now).ifPresent(k -> closed.add(book.snapshot(k)));
        }
        return closed;
    }

    synchronized List<Kline> takeKlineUpdates() {
        List<Kline> updates = new ArrayList<>(0);
        for (KlineBook book : klines.values()) {
            book.takeUpdate().ifPresent(updates::add);
        }
        return updates;
    }

    synchronized List<Kline> klines(Interval interval, Long startTime, Long endTime, int limit) {
        return klines.get(interval).query(startTime, endTime, limit);
    }

    synchronized List<Trade> trades(Long fromId, Long startTime, Long endTime, int limit) {
        return history.query(fromId, startTime, endTime, limit);
    }

    synchronized List<Trade> latestTrades(int limit) {
        return history.latest(limit);
    }

    synchronized Optional<Trade> lastTrade() {
        return Optional.ofNullable(last);
    }

    /** The ticker if a trade came since the last call (for the push of changed tickers only). */
    synchronized Optional<Ticker> takeChangedTicker(long now) {
        if (!tickerChanged) {
            return Optional.empty();
        }
        tickerChanged = false;
        return ticker(now);
    }

    /** Rolling 24h statistics from the one-minute klines; empty before the first trade. */
    synchronized Optional<Ticker> ticker(long now) {
        if (last == null) {
            return Optional.empty();
        }
        List<Kline> day = klines.get(Interval.M1).since(Interval.M1.openTimeOf(now - DAY) + Interval.M1.millis());
        if (day.isEmpty()) {
            return Optional.of(new Ticker(info.symbol(), now - DAY, now, last.price(), last.price(), last.price(),
                    last.price(), last.quantity(), BigDecimal.ZERO, BigDecimal.ZERO, -1, -1, 0));
        }
        BigDecimal high = day.get(0).high();
        BigDecimal low = day.get(0).low();
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quote = BigDecimal.ZERO;
        long first = Long.MAX_VALUE;
        long lastId = Long.MIN_VALUE;
        long count = 0;
        for (Kline k : day) {
            high = high.max(k.high());
            low = low.min(k.low());
            volume = volume.add(k.volume());
            quote = quote.add(k.quoteVolume());
            first = Math.min(first, k.firstTradeId());
            lastId = Math.max(lastId, k.lastTradeId());
            count += k.trades();
        }
        return Optional.of(new Ticker(info.symbol(), now - DAY, now, day.get(0).open(), high, low, last.price(),
                last.quantity(), volume, quote, first, lastId, count));
    }
}
