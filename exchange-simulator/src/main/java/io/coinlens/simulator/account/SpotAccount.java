package io.coinlens.simulator.account;

import io.coinlens.simulator.config.SimulatorProperties;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.Trade;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account behind the signed endpoints. It takes part in every {@code tradeEvery}-th trade of the replayed
 * (real-data) symbols: as the buyer twice, then as the seller, selling only what it holds and buying only what it can
 * pay for, with Binance's 0.1 % commission in the quote asset. Its fills and balances follow from the replay, so they
 * are the same for the same seed.
 */
public final class SpotAccount {

    /** Binance's default spot commission, 0.1 %. */
    static final BigDecimal COMMISSION = new BigDecimal("0.001");
    private static final int KEPT_FILLS = 10_000;

    /** One fill of the account, as {@code myTrades} reports it. */
    public record Fill(String symbol, long id, long orderId, BigDecimal price, BigDecimal qty, BigDecimal quoteQty,
            BigDecimal commission, String commissionAsset, long time, boolean buyer, boolean maker) {
    }

    private final Market market;
    private final SimulatorProperties.Account settings;
    private final Map<String, BigDecimal> balances = new TreeMap<>();
    private final Map<String, Deque<Fill>> fills = new HashMap<>();
    private long updateTime;

    public SpotAccount(Market market, SimulatorProperties.Account settings) {
        this.market = market;
        this.settings = settings;
        market.onTrade(this::onTrade);
    }

    public SimulatorProperties.Account settings() {
        return settings;
    }

    private synchronized void onTrade(Trade trade) {
        if (trade.id() % settings.tradeEvery() != 0) {
            return;
        }
        SymbolInfo info = market.info(trade.symbol()).orElse(null);
        if (info == null || info.source().equals("load")) {
            return;
        }
        balances.putIfAbsent(info.quoteAsset(), settings.startingQuote());
        BigDecimal base = balances.getOrDefault(info.baseAsset(), BigDecimal.ZERO);
        BigDecimal quote = balances.get(info.quoteAsset());
        BigDecimal quoteQty = trade.price().multiply(trade.quantity());
        BigDecimal commission = quoteQty.multiply(COMMISSION).setScale(8, java.math.RoundingMode.HALF_UP);
        boolean buyer = (trade.id() / settings.tradeEvery()) % 3 != 2;
        if (buyer && quote.compareTo(quoteQty.add(commission)) < 0) {
            return;
        }
        if (!buyer && base.compareTo(trade.quantity()) < 0) {
            buyer = quote.compareTo(quoteQty.add(commission)) >= 0;
            if (!buyer) {
                return;
            }
        }
        if (buyer) {
            balances.put(info.baseAsset(), base.add(trade.quantity()));
            balances.put(info.quoteAsset(), quote.subtract(quoteQty).subtract(commission));
        } else {
            balances.put(info.baseAsset(), base.subtract(trade.quantity()));
            balances.put(info.quoteAsset(), quote.add(quoteQty).subtract(commission));
        }
        // The account is the maker when its side is the one that rested in the book.
        boolean maker = trade.buyerMaker() == buyer;
        Deque<Fill> kept = fills.computeIfAbsent(trade.symbol(), s -> new ArrayDeque<>());
        kept.addLast(new Fill(trade.symbol(), trade.id(), trade.id(), trade.price(), trade.quantity(), quoteQty,
                commission, info.quoteAsset(), trade.time(), buyer, maker));
        while (kept.size() > KEPT_FILLS) {
            kept.removeFirst();
        }
        updateTime = trade.time();
    }

    /** Every asset the account has held, with its free amount (nothing is ever locked in an order here). */
    public synchronized Map<String, BigDecimal> balances() {
        return new TreeMap<>(balances);
    }

    public synchronized long updateTime() {
        return updateTime;
    }

    /** Binance's {@code myTrades} selection: from an id, or within a time range, oldest first, at most {@code limit}. */
    public synchronized List<Fill> fills(String symbol, Long fromId, Long startTime, Long endTime, int limit) {
        List<Fill> selected = new ArrayList<>();
        Deque<Fill> kept = fills.get(symbol);
        if (kept == null) {
            return selected;
        }
        List<Fill> all = new ArrayList<>(kept);
        if (fromId == null && startTime == null && endTime == null) {
            return all.subList(Math.max(0, all.size() - limit), all.size());
        }
        for (Fill f : all) {
            if ((fromId == null || f.id() >= fromId) && (startTime == null || f.time() >= startTime)
                    && (endTime == null || f.time() <= endTime)) {
                selected.add(f);
                if (selected.size() == limit) {
                    break;
                }
            }
        }
        return selected;
    }
}
