package io.coinlens.marketdata.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** What ingestion does, as Prometheus sees it: rates, reconnects, gaps, backfills, losses, malformed frames, freshness. */
@Component
public class IngestionMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> newestTradeTime = new ConcurrentHashMap<>();

    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void published(String exchange, String symbol, long tradeTime) {
        counter("coinlens.ingest.trades", exchange, symbol).increment();
        newestTradeTime.computeIfAbsent(exchange + ":" + symbol, key -> {
            AtomicLong newest = new AtomicLong();
            Gauge.builder("coinlens.ingest.freshness", newest,
                            n -> n.get() == 0 ? Double.NaN : (System.currentTimeMillis() - n.get()) / 1000.0)
                    .description("Age of the newest trade ingested, in seconds")
                    .baseUnit("seconds")
                    .tags("exchange", exchange, "symbol", symbol)
                    .register(registry);
            return newest;
        }).accumulateAndGet(tradeTime, Math::max);
    }

    public void duplicate(String exchange, String symbol) {
        counter("coinlens.ingest.duplicates", exchange, symbol).increment();
    }

    public void gap(String exchange, String symbol, long missing) {
        counter("coinlens.ingest.gaps", exchange, symbol).increment();
    }

    public void backfilled(String exchange, String symbol, long trades) {
        counter("coinlens.ingest.backfilled", exchange, symbol).increment(trades);
    }

    public void lost(String exchange, String symbol, long trades) {
        counter("coinlens.ingest.lost", exchange, symbol).increment(trades);
    }

    /** Messages a connection numbered but never delivered (Coinbase's {@code sequence_num}). */
    public void sequenceGap(String exchange, long missing) {
        counters.computeIfAbsent("sequence-gaps:" + exchange, k -> Counter.builder("coinlens.ingest.sequence.gaps")
                .description("Jumps in a connection's message numbering").tags("exchange", exchange)
                .register(registry)).increment();
        counters.computeIfAbsent("sequence-missing:" + exchange, k -> Counter.builder("coinlens.ingest.sequence.missing")
                .description("Messages skipped by those jumps").tags("exchange", exchange)
                .register(registry)).increment(missing);
    }

    /** Trades known to exist but not passed on yet (held back or being fetched after a gap), per exchange. */
    public void behind(String exchange, Supplier<Number> trades) {
        Gauge.builder("coinlens.ingest.behind", trades)
                .description("Trades seen or known missing but not yet passed on, while gaps are backfilled")
                .tags("exchange", exchange).register(registry);
    }

    /** Frames read from the exchange but not handled yet, per exchange. */
    public void readAhead(String exchange, Supplier<Number> frames) {
        Gauge.builder("coinlens.ingest.read.ahead", frames)
                .description("Frames read from the exchange's connections but not handled yet")
                .tags("exchange", exchange).register(registry);
    }

    public void reconnect(String exchange, String reason) {
        counters.computeIfAbsent("reconnect:" + exchange + ":" + reason, k -> Counter.builder("coinlens.ingest.reconnects")
                .tags("exchange", exchange, "reason", reason).register(registry)).increment();
    }

    public void malformed(String exchange) {
        counters.computeIfAbsent("malformed:" + exchange, k -> Counter.builder("coinlens.ingest.malformed.frames")
                .tags("exchange", exchange).register(registry)).increment();
    }

    public void publishFailed(String exchange) {
        counters.computeIfAbsent("publish-failed:" + exchange, k -> Counter.builder("coinlens.ingest.publish.failures")
                .tags("exchange", exchange).register(registry)).increment();
    }

    private Counter counter(String name, String exchange, String symbol) {
        return counters.computeIfAbsent(name + ":" + exchange + ":" + symbol,
                k -> Counter.builder(name).tags("exchange", exchange, "symbol", symbol).register(registry));
    }
}
