package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The simulated exchange's state: listed symbols, their trades and klines. Every trade is kept here before it is
 * sent, so the REST history always agrees with what the WebSocket carried.
 */
public final class Market {

    private final MarketFeed feed;
    private final long firstTradeId;
    private final int maxTrades;
    private final int maxKlines;
    private final long klineIntervalMillis;
    private final long tickerIntervalMillis;
    private final Map<String, SymbolMarket> symbols = new ConcurrentHashMap<>();
    private final List<SymbolInfo> listed = new CopyOnWriteArrayList<>();
    private final List<Consumer<Trade>> tradeListeners = new CopyOnWriteArrayList<>();
    private long nextKlinePush;
    private long nextTickerPush;

    public Market(MarketFeed feed, long firstTradeId, int maxTrades, int maxKlines, Duration klineInterval,
            Duration tickerInterval) {
        this.feed = feed;
        this.firstTradeId = firstTradeId;
        this.maxTrades = maxTrades;
        this.maxKlines = maxKlines;
        this.klineIntervalMillis = klineInterval.toMillis();
        this.tickerIntervalMillis = tickerInterval.toMillis();
    }

    /** Told of every trade as it is made, warm-up included, on the replay thread. */
    public void onTrade(Consumer<Trade> listener) {
        tradeListeners.add(listener);
    }

    public MarketFeed feed() {
        return feed;
    }

    public synchronized void list(SymbolInfo info) {
        if (symbols.putIfAbsent(info.symbol(), new SymbolMarket(info, firstTradeId, maxTrades, maxKlines)) != null) {
            throw new IllegalArgumentException(info.symbol() + " is listed twice");
        }
        listed.add(info);
    }

    public List<SymbolInfo> listed() {
        return List.copyOf(listed);
    }

    public Optional<SymbolInfo> info(String symbol) {
        SymbolMarket market = symbol == null ? null : symbols.get(symbol);
        return market == null ? Optional.empty() : Optional.of(market.info());
    }

    /** The symbol Coinbase calls {@code product} ({@code BTC-USD} → {@code BTCUSDT}). */
    public Optional<SymbolInfo> byCoinbaseProduct(String product) {
        return listed.stream().filter(i -> i.coinbaseProduct().equals(product)).findFirst();
    }

    /**
     * Records a trade under the symbol's next id and, when {@code send} is set, sends it with the klines it closed.
     */
    public Trade trade(String symbol, BigDecimal price, BigDecimal quantity, long time, boolean buyerMaker,
            boolean send) {
        SymbolMarket.Appended appended = market(symbol).append(price, quantity, time, buyerMaker);
        for (Consumer<Trade> listener : tradeListeners) {
            listener.accept(appended.trade());
        }
        if (send) {
            long now = feed.now();
            for (Kline closed : appended.closedKlines()) {
                feed.publish(new MarketEvent.KlineSent(closed, now));
            }
            feed.publishTrade(appended.trade());
        }
        return appended.trade();
    }

    /** Closes klines whose time is up and pushes kline and ticker updates when their intervals come round. */
    public synchronized void flush(long now, boolean send) {
        Collection<SymbolMarket> all = symbols.values();
        for (SymbolMarket m : all) {
            for (Kline closed : m.closeDue(now)) {
                if (send) {
                    feed.publish(new MarketEvent.KlineSent(closed, now));
                }
            }
        }
        if (now >= nextKlinePush) {
            nextKlinePush = now + klineIntervalMillis;
            for (SymbolMarket m : all) {
                for (Kline update : m.takeKlineUpdates()) {
                    if (send) {
                        feed.publish(new MarketEvent.KlineSent(update, now));
                    }
                }
            }
        }
        if (now >= nextTickerPush) {
            nextTickerPush = now + tickerIntervalMillis;
            List<Ticker> changed = new ArrayList<>();
            for (SymbolInfo info : listed) {
                symbols.get(info.symbol()).takeChangedTicker(now).ifPresent(changed::add);
            }
            if (send && !changed.isEmpty()) {
                feed.publish(new MarketEvent.TickersSent(changed, now));
            }
        }
    }

    public List<Kline> klines(String symbol, Interval interval, Long startTime, Long endTime, int limit) {
        return market(symbol).klines(interval, startTime, endTime, limit);
    }

    /** Trades by id and time; also the aggregate trades, as each trade is its own aggregate. */
    public List<Trade> trades(String symbol, Long fromId, Long startTime, Long endTime, int limit) {
        return market(symbol).trades(fromId, startTime, endTime, limit);
    }

    public List<Trade> latestTrades(String symbol, int limit) {
        return market(symbol).latestTrades(limit);
    }

    public Optional<Trade> lastTrade(String symbol) {
        return market(symbol).lastTrade();
    }

    public Optional<Ticker> ticker(String symbol, long now) {
        return market(symbol).ticker(now);
    }

    private SymbolMarket market(String symbol) {
        SymbolMarket market = symbols.get(symbol);
        if (market == null) {
            throw new IllegalArgumentException("unknown symbol " + symbol);
        }
        return market;
    }
}
