package io.coinlens.simulator.fault;

import io.coinlens.simulator.config.SimulatorProperties;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.MarketEvent;
import io.coinlens.simulator.market.MarketFeed;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.Trade;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults a real exchange connection shows, on demand ({@code /sim/faults}) or on a schedule (configuration).
 * Each one is counted (metric {@code simulator.faults}, tag {@code kind}) and logged when it is applied.
 */
public class Faults {

    private static final Logger log = LoggerFactory.getLogger(Faults.class);

    /** The faults there are, by the name used in URLs, metrics and logs. */
    public enum Kind {
        DROP("drop"), STALL("stall"), DUPLICATE("duplicate"), REORDER("reorder"), LATE("late"), MALFORMED("malformed");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final SimulatorProperties.Faults schedule;
    private final Market market;
    private final MarketFeed feed;
    private final MeterRegistry meters;
    private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);
    private final Map<Kind, Long> nextScheduled = new EnumMap<>(Kind.class);

    public Faults(SimulatorProperties.Faults schedule, Market market, MeterRegistry meters) {
        this.schedule = schedule;
        this.market = market;
        this.feed = market.feed();
        this.meters = meters;
        for (Kind kind : Kind.values()) {
            counts.put(kind, new AtomicLong());
        }
        feed.onFault((kind, detail) -> applied(kind.equals("duplicate") ? Kind.DUPLICATE : Kind.REORDER, detail));
    }

    /** Cuts every WebSocket connection at once, without a close frame, as a network failure would. */
    public int drop() {
        int connections = feed.subscribers();
        feed.publish(new MarketEvent.Disconnect(feed.now()));
        applied(Kind.DROP, connections + " connection(s) cut");
        return connections;
    }

    /** Sends nothing, not even pings, for {@code duration}; connections stay open and what falls due is lost. */
    public void stall(Duration duration) {
        feed.stallUntil(feed.now() + duration.toMillis());
        applied(Kind.STALL, "nothing sent for " + duration);
    }

    /** The next {@code count} trades of {@code symbol} (any symbol if null) go out twice. */
    public void duplicate(String symbol, int count) {
        feed.duplicateNext(symbol == null ? MarketFeed.ANY : symbol, count);
        log.info("fault armed: the next {} {} trade(s) will be sent twice", count, symbol == null ? "" : symbol);
    }

    /** The next {@code count} trades of {@code symbol} (any symbol if null) are each sent after their successor. */
    public void reorder(String symbol, int count) {
        feed.reorderNext(symbol == null ? MarketFeed.ANY : symbol, count);
        log.info("fault armed: the next {} {} trade(s) will be sent after their successor", count,
                symbol == null ? "" : symbol);
    }

    /**
     * Sends a trade stamped {@code by} before now, at the symbol's last price and quantity. It is a real trade with
     * the next id, so the REST history holds it too.
     */
    public Optional<Trade> late(String symbol, Duration by) {
        String target = symbol != null ? symbol : market.listed().stream().map(SymbolInfo::symbol)
                .filter(s -> market.lastTrade(s).isPresent()).findFirst().orElse(null);
        if (target == null || market.info(target).isEmpty()) {
            return Optional.empty();
        }
        Optional<Trade> last = market.lastTrade(target);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        long time = feed.now() - by.toMillis();
        Trade late = market.trade(target, last.get().price(), last.get().quantity(), time, last.get().buyerMaker(), true);
        applied(Kind.LATE, target + " trade " + late.id() + " stamped " + by + " ago");
        return Optional.of(late);
    }

    /** Every connection gets one frame that is not JSON. */
    public int malformed() {
        int connections = feed.subscribers();
        feed.publish(new MarketEvent.MalformedFrame(feed.now()));
        applied(Kind.MALFORMED, connections + " connection(s) sent a malformed frame");
        return connections;
    }

    /** Fires the scheduled faults that are due; called by the replay on every tick. */
    public void onTick(long now) {
        if (due(Kind.DROP, schedule.dropEvery(), now)) {
            drop();
        }
        if (due(Kind.STALL, schedule.stallEvery(), now)) {
            stall(schedule.stallFor());
        }
        if (due(Kind.DUPLICATE, schedule.duplicateEvery(), now)) {
            duplicate(null, 1);
        }
        if (due(Kind.REORDER, schedule.reorderEvery(), now)) {
            reorder(null, 1);
        }
        if (due(Kind.LATE, schedule.lateEvery(), now)) {
            late(null, schedule.lateBy());
        }
        if (due(Kind.MALFORMED, schedule.malformedEvery(), now)) {
            malformed();
        }
    }

    private boolean due(Kind kind, Duration every, long now) {
        if (every.isZero() || every.isNegative()) {
            return false;
        }
        Long next = nextScheduled.get(kind);
        if (next == null) {
            nextScheduled.put(kind, now + every.toMillis());
            return false;
        }
        if (now < next) {
            return false;
        }
        nextScheduled.put(kind, now + every.toMillis());
        return true;
    }

    public boolean isListed(String symbol) {
        return market.info(symbol).isPresent();
    }

    /** How many of each fault were applied since start. */
    public Map<String, Long> counts() {
        Map<String, Long> result = new LinkedHashMap<>();
        counts.forEach((kind, count) -> result.put(kind.id(), count.get()));
        return result;
    }

    public SimulatorProperties.Faults schedule() {
        return schedule;
    }

    private void applied(Kind kind, String detail) {
        counts.get(kind).incrementAndGet();
        meters.counter("simulator.faults", "kind", kind.id()).increment();
        log.warn("fault injected: {} ({})", kind.id(), detail);
    }
}
