package io.coinlens.analytics.query;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Short-lived results of the compatibility endpoints: recomputing hundreds of candles per request is cheap, but
 * dashboards poll the same few queries. Least recently used entries go first once full.
 */
final class ResultCache {

    private record Entry(Object value, long expiresAt) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries;

    ResultCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @SuppressWarnings("unchecked")
    <T> Mono<T> get(String key, Supplier<Mono<T>> compute) {
        long now = clock.millis();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && entry.expiresAt > now) {
                return Mono.just((T) entry.value);
            }
        }
        return compute.get().doOnNext(value -> {
            synchronized (entries) {
                entries.put(key, new Entry(value, clock.millis() + ttl.toMillis()));
            }
        });
    }
}
