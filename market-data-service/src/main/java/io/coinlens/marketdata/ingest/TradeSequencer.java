package io.coinlens.marketdata.ingest;

import io.coinlens.contracts.TradeRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Makes a trade stream gap-free and duplicate-free per (exchange, symbol): trade ids must follow each other; a repeat
 * (a reconnect's overlap, an exchange's redelivery) is dropped, a jump is filled from the exchange's REST history.
 *
 * <p>The caller (a connection's thread) never waits for the exchange's history: after a jump, the symbol's live trades
 * are held back in a bounded buffer while the missing ones are fetched page by page on the sequencer's own threads;
 * once the gap is filled the held-back trades follow, so each symbol's trades still go out in id order, exactly once.
 * A connection that stopped reading while it backfilled would fall behind, be cut by the exchange as a slow consumer
 * and open an even larger gap. When the buffer is full (the exchange's request weight cannot keep up), a symbol
 * gives up the trades still missing, counted lost, rather than stop its live trades.
 */
public final class TradeSequencer implements AutoCloseable {

    /** Fetches trades by id from the exchange's history, oldest first, at most {@code limit} from {@code fromId}. */
    public interface GapFiller {
        List<TradeRecorded> fetch(String symbol, long fromId, int limit);
    }

    private static final Logger log = LoggerFactory.getLogger(TradeSequencer.class);
    /** Binance's largest historicalTrades page. */
    static final int PAGE = 1000;
    /** Waits before each retry of a failed page; after the last one its trades are reported lost. */
    private static final long[] RETRY_DELAYS_MS = {500, 2_000, 5_000};
    /** Held-back live trades over all symbols by default, about 100 MB. */
    public static final int DEFAULT_MAX_BUFFERED = 500_000;
    private static final int THREADS = 2;

    private final String exchange;
    private final GapFiller filler;
    private final TradeSink sink;
    private final IngestionMetrics metrics;
    private final Function<String, OptionalLong> checkpoint;
    private final int maxBackfill;
    private final int maxBuffered;
    private final ScheduledExecutorService backfills;
    private final Map<String, SymbolState> states = new ConcurrentHashMap<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private volatile boolean closed;

    public TradeSequencer(String exchange, GapFiller filler, TradeSink sink, IngestionMetrics metrics,
            Function<String, OptionalLong> checkpoint, int maxBackfill) {
        this(exchange, filler, sink, metrics, checkpoint, maxBackfill, DEFAULT_MAX_BUFFERED);
    }

    /**
     * @param checkpoint  the last trade id published before this process started, if any, so a restart is gap-free too
     * @param maxBackfill the most trades fetched to close one gap; anything older is reported as lost
     * @param maxBuffered the most live trades held back, over all symbols, while gaps before them are filled
     */
    public TradeSequencer(String exchange, GapFiller filler, TradeSink sink, IngestionMetrics metrics,
            Function<String, OptionalLong> checkpoint, int maxBackfill, int maxBuffered) {
        this.exchange = exchange;
        this.filler = filler;
        this.sink = sink;
        this.metrics = metrics;
        this.checkpoint = checkpoint;
        this.maxBackfill = maxBackfill;
        this.maxBuffered = maxBuffered;
        metrics.behind(exchange, this::behind);
        AtomicInteger threads = new AtomicInteger();
        this.backfills = Executors.newScheduledThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, exchange + "-backfill-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static final class SymbolState {
        final String symbol;
        /** The last trade id passed on. */
        long lastId;
        /** The highest trade id seen live: everything up to it is either passed on, held back or being fetched. */
        long highestSeen;
        /** Live trades after a gap, held back until it is filled. */
        final TreeMap<Long, TradeRecorded> heldBack = new TreeMap<>();
        boolean backfilling;
        int failures;
        boolean forgotten;

        SymbolState(String symbol, long lastId) {
            this.symbol = symbol;
            this.lastId = lastId;
            this.highestSeen = lastId;
        }
    }

    public void accept(TradeRecorded trade) {
        SymbolState state = states.computeIfAbsent(trade.symbol(),
                symbol -> new SymbolState(symbol, checkpoint.apply(symbol).orElse(-1L)));
        synchronized (state) {
            long id = trade.tradeId();
            if (state.lastId >= 0 && id <= state.lastId) {
                metrics.duplicate(exchange, trade.symbol());
                return;
            }
            if (state.lastId < 0 || id == state.lastId + 1) {
                pass(state, trade);
                releaseHeldBack(state);
                return;
            }
            if (!state.backfilling) {
                metrics.gap(exchange, trade.symbol(), id - state.lastId - 1);
            }
            state.highestSeen = Math.max(state.highestSeen, id);
            if (state.heldBack.containsKey(id)) {
                metrics.duplicate(exchange, trade.symbol());
            } else if (buffered.get() < maxBuffered) {
                state.heldBack.put(id, trade);
                buffered.incrementAndGet();
                startBackfill(state);
            } else {
                giveUp(state, trade);
            }
        }
    }

    /**
     * The buffer is full: the exchange's history cannot deliver fast enough (its request weight is spent). Waiting
     * longer would stop this symbol's live trades for good, so the trades still missing before {@code next} are
     * given up (counted lost) and the held-back ones go out, then {@code next}.
     */
    private void giveUp(SymbolState state, TradeRecorded next) {
        while (!state.heldBack.isEmpty()) {
            TradeRecorded held = state.heldBack.pollFirstEntry().getValue();
            buffered.decrementAndGet();
            if (held.tradeId() > state.lastId + 1) {
                lost(state, state.lastId + 1, held.tradeId() - 1, "the backfill buffer is full");
            }
            if (held.tradeId() > state.lastId) {
                pass(state, held);
            }
        }
        if (next.tradeId() > state.lastId + 1) {
            lost(state, state.lastId + 1, next.tradeId() - 1, "the backfill buffer is full");
        }
        pass(state, next);
    }

    /**
     * Drops what is known of these symbols, so the next trade starts again from the checkpoint: after another
     * replica led them for a while, our own last id is stale. A backfill under way stops; what it held back was never
     * passed on, so it stays after the checkpoint.
     */
    public void forget(Collection<String> symbols) {
        for (String symbol : symbols) {
            SymbolState state = states.remove(symbol);
            if (state != null) {
                synchronized (state) {
                    state.forgotten = true;
                    buffered.addAndGet(-state.heldBack.size());
                    state.heldBack.clear();
                }
            }
        }
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

    /**
     * Reads the checkpoints of these symbols now, so that a connection's thread never waits for them on its first
     * trades (at start it has the most to catch up with).
     */
    public void load(Collection<String> symbols) {
        for (String symbol : symbols) {
            states.computeIfAbsent(symbol, s -> new SymbolState(s, checkpoint.apply(s).orElse(-1L)));
        }
    }

    /** Live trades held back, over all symbols, while gaps before them are filled. */
    public int heldBack() {
        return buffered.get();
    }

    /** Trades known to exist (seen live or after the checkpoint) but not passed on yet, over all symbols. */
    public long behind() {
        long behind = 0;
        for (SymbolState state : states.values()) {
            synchronized (state) {
                behind += Math.max(0, state.highestSeen - state.lastId);
            }
        }
        return behind;
    }

    /** Stops backfilling; a page being passed on is finished first. */
    @Override
    public void close() {
        closed = true;
        backfills.shutdownNow();
        try {
            backfills.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pass(SymbolState state, TradeRecorded trade) {
        sink.publish(trade);
        state.lastId = trade.tradeId();
        state.highestSeen = Math.max(state.highestSeen, state.lastId);
    }

    /** Passes on the held-back trades that now follow the last one passed on. */
    private void releaseHeldBack(SymbolState state) {
        while (!state.heldBack.isEmpty() && state.heldBack.firstKey() <= state.lastId + 1) {
            TradeRecorded next = state.heldBack.pollFirstEntry().getValue();
            buffered.decrementAndGet();
            if (next.tradeId() == state.lastId + 1) {
                pass(state, next);
            }
        }
    }

    private void startBackfill(SymbolState state) {
        if (!state.backfilling) {
            state.backfilling = true;
            schedule(state, 0);
        }
    }

    private void schedule(SymbolState state, long delayMillis) {
        try {
            backfills.schedule(() -> backfillPage(state), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: the trades stay after the checkpoint, for the next start.
        }
    }

    /** Fills the first missing run of ids with one page from the exchange's history, then schedules the next. */
    private void backfillPage(SymbolState state) {
        long from;
        long to;
        synchronized (state) {
            if (state.forgotten || closed || state.lastId >= state.highestSeen) {
                state.backfilling = false;
                return;
            }
            from = state.lastId + 1;
            to = state.heldBack.isEmpty() ? state.highestSeen : state.heldBack.firstKey() - 1;
            if (to - from + 1 > maxBackfill) {
                long skipTo = to - maxBackfill;
                lost(state, from, skipTo, "more than the backfill limit " + maxBackfill);
                from = skipTo + 1;
            }
        }
        List<TradeRecorded> page;
        try {
            page = filler.fetch(state.symbol, from, (int) Math.min(PAGE, to - from + 1));
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            synchronized (state) {
                if (state.failures < RETRY_DELAYS_MS.length) {
                    log.warn("{} {}: backfill of trades {}..{} failed, retrying: {}", exchange, state.symbol, from, to,
                            e.toString());
                    schedule(state, RETRY_DELAYS_MS[state.failures++]);
                    return;
                }
                state.failures = 0;
                if (!state.forgotten) {
                    lost(state, from, to, "the backfill failed: " + e);
                }
            }
            schedule(state, 0);
            return;
        }
        synchronized (state) {
            state.failures = 0;
            if (state.forgotten) {
                state.backfilling = false;
                return;
            }
            long filled = 0;
            for (TradeRecorded trade : page) {
                long id = trade.tradeId();
                if (id <= state.lastId) {
                    continue;
                }
                if (id > to) {
                    break;
                }
                if (id > state.lastId + 1) {
                    // The exchange no longer has them: its history starts after them.
                    lost(state, state.lastId + 1, id - 1, "the exchange's history starts at " + id);
                }
                pass(state, trade);
                filled++;
                releaseHeldBack(state);
            }
            metrics.backfilled(exchange, state.symbol, filled);
            if (state.lastId < from) {
                // Nothing from this run: the exchange has none of it.
                lost(state, from, to, "the exchange's history has none of them");
            }
        }
        schedule(state, 0);
    }

    /** Gives up on trades {@code from..to}: counted and logged, and the held-back trades after them go on. */
    private void lost(SymbolState state, long from, long to, String why) {
        long count = to - Math.max(from, state.lastId + 1) + 1;
        if (count <= 0) {
            return;
        }
        metrics.lost(exchange, state.symbol, count);
        log.error("{} {}: trades {}..{} are lost ({})", exchange, state.symbol, from, to, why);
        state.lastId = to;
        state.highestSeen = Math.max(state.highestSeen, to);
        releaseHeldBack(state);
    }
}
