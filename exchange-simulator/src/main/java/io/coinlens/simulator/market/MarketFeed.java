package io.coinlens.simulator.market;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The one stream of events every connection listens to, and the wire faults that act on it: a stall holds back
 * everything for a while, a duplicate sends a trade twice, a reorder swaps a trade with the next one of its symbol.
 * These change only what goes over the wire; the REST history stays true.
 */
public final class MarketFeed {

    private static final Logger log = LoggerFactory.getLogger(MarketFeed.class);

    private final Sinks.Many<MarketEvent> sink = Sinks.many().multicast().directBestEffort();
    private final Clock clock;
    private final Map<String, MarketEvent.TradeSent> held = new HashMap<>();
    private volatile long stalledUntil;
    /** Armed counts by symbol; the key {@link #ANY} matches every symbol. */
    private final Map<String, Integer> duplicates = new HashMap<>();
    private final Map<String, Integer> reorders = new HashMap<>();
    public static final String ANY = "*";
    private BiConsumer<String, String> faultListener = (kind, detail) -> { };

    public MarketFeed(Clock clock) {
        this.clock = clock;
    }

    /** Every event from now on; a subscriber that cannot keep up must buffer on its own side. */
    public Flux<MarketEvent> events() {
        return sink.asFlux();
    }

    public int subscribers() {
        return sink.currentSubscriberCount();
    }

    public long now() {
        return clock.millis();
    }

    /** Told of every wire fault as it is applied, with its kind and a detail for the log. */
    public void onFault(BiConsumer<String, String> listener) {
        this.faultListener = listener;
    }

    public synchronized void publishTrade(Trade trade) {
        long now = now();
        if (isStalled(now)) {
            return;
        }
        MarketEvent.TradeSent event = new MarketEvent.TradeSent(trade, now);
        if (held.isEmpty() && reorders.isEmpty() && duplicates.isEmpty()) {
            // No wire fault armed: the common case, sent without looking anything up.
            emit(event);
            return;
        }
        MarketEvent.TradeSent waiting = held.remove(trade.symbol());
        if (waiting != null) {
            emit(event);
            emit(waiting);
            return;
        }
        if (take(reorders, trade.symbol())) {
            held.put(trade.symbol(), event);
            faultListener.accept("reorder", trade.symbol() + " trade " + trade.id() + " held back behind the next one");
            return;
        }
        emit(event);
        if (take(duplicates, trade.symbol())) {
            emit(event);
            faultListener.accept("duplicate", trade.symbol() + " trade " + trade.id() + " sent twice");
        }
    }

    public synchronized void publish(MarketEvent event) {
        if (isStalled(event.eventTime()) && !(event instanceof MarketEvent.Disconnect)) {
            return;
        }
        emit(event);
    }

    public boolean isStalled(long now) {
        return now < stalledUntil;
    }

    public synchronized void stallUntil(long until) {
        stalledUntil = Math.max(stalledUntil, until);
    }

    /** The next {@code count} trades of {@code symbol} (or of any symbol, for {@link #ANY}) go out twice. */
    public synchronized void duplicateNext(String symbol, int count) {
        duplicates.merge(symbol, count, Integer::sum);
    }

    /** The next {@code count} trades of {@code symbol} (or any, for {@link #ANY}) go out after their successor. */
    public synchronized void reorderNext(String symbol, int count) {
        reorders.merge(symbol, count, Integer::sum);
    }

    private static boolean take(Map<String, Integer> armed, String symbol) {
        for (String key : new String[] {symbol, ANY}) {
            Integer left = armed.get(key);
            if (left != null) {
                if (left <= 1) {
                    armed.remove(key);
                } else {
                    armed.put(key, left - 1);
                }
                return true;
            }
        }
        return false;
    }

    private void emit(MarketEvent event) {
        Sinks.EmitResult result = sink.tryEmitNext(event);
        if (result.isFailure() && result != Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
            log.debug("event not delivered: {}", result);
        }
    }
}
