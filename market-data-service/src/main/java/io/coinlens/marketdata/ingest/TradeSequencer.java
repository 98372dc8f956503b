package io.coinlens.marketdata.ingest;

import io.coinlens.contracts.TradeRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Makes a trade stream gap-free and duplicate-free per (exchange, symbol): trade ids must follow each other; a repeat
 * (a reconnect's overlap, an exchange's redelivery) is dropped, a jump is filled from the exchange's REST history
 * before the trade that revealed it is passed on. Trades of one symbol are handled one at a time.
 */
public final class TradeSequencer {

    /** Fetches trades by id from the exchange's history, oldest first, at most {@code limit} from {@code fromId}. */
    public interface GapFiller {
        List<TradeRecorded> fetch(String symbol, long fromId, int limit);
    }

    private static final Logger log = LoggerFactory.getLogger(TradeSequencer.class);
    private static final int PAGE = 1000;

    private final String exchange;
    private final GapFiller filler;
    private final TradeSink sink;
    private final IngestionMetrics metrics;
    private final Function<String, OptionalLong> checkpoint;
    private final int maxBackfill;
    private final Map<String, SymbolState> states = new ConcurrentHashMap<>();

    /**
     * @param checkpoint  the last trade id published before this process started, if any, so a restart is gap-free too
     * @param maxBackfill the most trades fetched to close one gap; anything older is reported as lost
     */
    public TradeSequencer(String exchange, GapFiller filler, TradeSink sink, IngestionMetrics metrics,
            Function<String, OptionalLong> checkpoint, int maxBackfill) {
        this.exchange = exchange;
        this.filler = filler;
        this.sink = sink;
        this.metrics = metrics;
        this.checkpoint = checkpoint;
        this.maxBackfill = maxBackfill;
    }

    private static final class SymbolState {
        long lastId;

        SymbolState(long lastId) {
            this.lastId = lastId;
        }
    }

    public void accept(TradeRecorded trade) {
        SymbolState state = states.computeIfAbsent(trade.symbol(),
                symbol -> new SymbolState(checkpoint.apply(symbol).orElse(-1L)));
        synchronized (state) {
            long id = trade.tradeId();
            if (state.lastId >= 0 && id <= state.lastId) {
                metrics.duplicate(exchange, trade.symbol());
                return;
            }
            if (state.lastId >= 0 && id > state.lastId + 1) {
                fillGap(state, trade);
            }
            sink.publish(trade);
            state.lastId = id;
        }
    }

    /**
     * Drops what is known of these symbols, so the next trade starts again from the checkpoint: after another
     * replica led them for a while, our own last id is stale.
     */
    public void forget(Collection<String> symbols) {
        symbols.forEach(states::remove);
    }

    /** The last trade id passed on per symbol. */
    public OptionalLong lastTradeId(String symbol) {
        SymbolState state = states.get(symbol);
        if (state == null) {
            return OptionalLong.empty();
        }
        synchronized (state) {
            return state.lastId < 0 ? OptionalLong.empty() : OptionalLong.of(state.lastId);
        }
    }

    private void fillGap(SymbolState state, TradeRecorded next) {
        long missing = next.tradeId() - state.lastId - 1;
        metrics.gap(exchange, next.symbol(), missing);
        long from = state.lastId + 1;
        if (missing > maxBackfill) {
            long lost = missing - maxBackfill;
            from = next.tradeId() - maxBackfill;
            metrics.lost(exchange, next.symbol(), lost);
            log.error("{} {}: {} trades missing, more than the backfill limit {}; trades {}..{} are lost",
                    exchange, next.symbol(), missing, maxBackfill, state.lastId + 1, from - 1);
        }
        long filled = 0;
        while (from < next.tradeId()) {
            List<TradeRecorded> page;
            try {
                page = filler.fetch(next.symbol(), from, (int) Math.min(PAGE, next.tradeId() - from));
            } catch (RuntimeException e) {
                metrics.lost(exchange, next.symbol(), next.tradeId() - from);
                log.error("{} {}: backfill of trades {}..{} failed: {}", exchange, next.symbol(), from,
                        next.tradeId() - 1, e.toString());
                return;
            }
            if (page.isEmpty()) {
                break;
            }
            for (TradeRecorded trade : page) {
                if (trade.tradeId() >= from && trade.tradeId() < next.tradeId()) {
                    sink.publish(trade);
                    state.lastId = trade.tradeId();
                    filled++;
                }
            }
            long lastOfPage = page.get(page.size() - 1).tradeId();
            if (lastOfPage < from) {
                break;
            }
            from = lastOfPage + 1;
        }
        metrics.backfilled(exchange, next.symbol(), filled);
        if (from < next.tradeId() && state.lastId < next.tradeId() - 1) {
            metrics.lost(exchange, next.symbol(), next.tradeId() - 1 - state.lastId);
            log.error("{} {}: the exchange's history ended before trade {}; trades {}..{} are lost", exchange,
                    next.symbol(), next.tradeId(), state.lastId + 1, next.tradeId() - 1);
        }
    }
}
