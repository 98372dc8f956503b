package io.coinlens.marketdata.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Stream clients, messages sent and conflated, clients cut off and why. */
@Component
public class StreamMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger clients = new AtomicInteger();
    private final Counter sent;
    private final Counter conflated;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("coinlens.stream.clients", clients, AtomicInteger::get).register(registry);
        this.sent = Counter.builder("coinlens.stream.messages.sent").register(registry);
        this.conflated = Counter.builder("coinlens.stream.messages.conflated")
                .description("Updates replaced by a newer one before a slow client read them").register(registry);
    }

    void connected() {
        clients.incrementAndGet();
    }

    void disconnected() {
        clients.decrementAndGet();
    }

    void sent() {
        sent.increment();
    }

    void conflated() {
        conflated.increment();
    }

    void dropped(String reason) {
        dropped.computeIfAbsent(reason, r -> Counter.builder("coinlens.stream.clients.dropped").tag("reason", r)
                .register(registry)).increment();
    }
}
