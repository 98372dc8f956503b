package io.coinlens.portfolio.alert;

import io.coinlens.portfolio.config.PortfolioProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The enabled alerts, in memory, so checking a trade or a signal costs no database round trip: price alerts by
 * symbol in a {@link SymbolAlerts} index, the other kinds in plain lists by symbol (by portfolio id for drawdown).
 *
 * <p>Every {@code changes-interval} it reads only the alerts written or deleted since its last read (see the V7
 * migration) and rebuilds only the symbols they are on; every {@code full-reload-interval} it reads them all, as a
 * safety net. Reads run one at a time, in order. Changes this instance makes (firings, re-armings, peaks) go into the
 * book at once ({@link #changed}); a read that may have started before such a change does not undo it. The
 * database stays the authority on whether an alert may fire (see {@link AlertRepository#disarm}).
 */
@Component
class AlertBook implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

    /** How long tombstones are kept (V7); an instance that read no changes for half of it reads everything. */
    static final Duration DELETIONS_KEPT = Duration.ofDays(1);

    private record Load(boolean full, Sinks.Empty<Void> done) {
    }

    private final AlertRepository alerts;
    private final Clock clock;
    private final Duration changesInterval;
    private final Duration fullReloadInterval;
    private final Sinks.Many<Load> loads = Sinks.many().unicast().onBackpressureBuffer();

    // Read without a lock by the evaluators; replaced, never changed in place.
    private volatile Map<String, SymbolAlerts> bySymbol = Map.of();
    /** Alerts of the kinds other than price, by kind, then by symbol or (drawdown) portfolio id. */
    private volatile Map<AlertKind, Map<String, List<Alert>>> others = Map.of();

    // Guarded by this.
    private final Map<UUID, Alert> byId = new HashMap<>();
    /** Alerts this instance changed, with the number of the last read started before the change. */
    private final Map<UUID, Long> touched = new HashMap<>();
    private long readsStarted;
    /** Where the next read of changes starts (a transaction id); -1 before the first read. */
    private long since = -1;
    private Instant lastRead = Instant.MIN;
    private Instant lastFullRead = Instant.MIN;

    private volatile Disposable refreshing;

    @Autowired
    AlertBook(AlertRepository alerts, Clock clock, PortfolioProperties properties) {
        this(alerts, clock, properties.alerts().changesInterval(), properties.alerts().fullReloadInterval());
    }

    AlertBook(AlertRepository alerts, Clock clock, Duration changesInterval, Duration fullReloadInterval) {
        this.alerts = alerts;
        this.clock = clock;
        this.changesInterval = changesInterval;
        this.fullReloadInterval = fullReloadInterval;
        loads.asFlux().concatMap(this::run).subscribe();
    }

    List<Alert> forSymbol(String symbol) {
        return bySymbol.getOrDefault(symbol, SymbolAlerts.EMPTY).all();
    }

    /** The price alerts a trade at this price may fire or re-arm. */
    List<Alert> candidates(String symbol, BigDecimal price) {
        SymbolAlerts alerts = bySymbol.get(symbol);
        return alerts == null ? List.of() : alerts.candidates(price);
    }

    /** The enabled alerts of a kind other than price on a symbol (for drawdown: on a portfolio id). */
    List<Alert> of(AlertKind kind, String key) {
        return others.getOrDefault(kind, Map.of()).getOrDefault(key, List.of());
    }

    /** Every enabled alert of a kind other than price, by symbol (drawdown: by portfolio id). */
    Map<String, List<Alert>> all(AlertKind kind) {
        return others.getOrDefault(kind, Map.of());
    }

    /** Reads every enabled alert; completes once the book shows them. */
    Mono<Void> reload() {
        return request(true);
    }

    /**
     * Reads the alerts changed since the last read (all of them if there was none); completes once the book shows
     * every change committed before this was called.
     */
    Mono<Void> refresh() {
        return request(false);
    }

    private Mono<Void> request(boolean full) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> done = Sinks.empty();
            synchronized (loads) {
                loads.emitNext(new Load(full, done), Sinks.EmitFailureHandler.FAIL_FAST);
            }
            return done.asMono();
        });
    }

    private Mono<Void> run(Load load) {
        return Mono.defer(() -> read(load.full()))
                .doOnSuccess(v -> load.done().tryEmitEmpty())
                .doOnError(e -> load.done().tryEmitError(e))
                .onErrorResume(e -> Mono.empty());
    }

    private Mono<Void> read(boolean full) {
        long from;
        boolean whole;
        Instant started = clock.instant();
        synchronized (this) {
            from = since;
            whole = full || from < 0 || lastRead.isBefore(started.minus(DELETIONS_KEPT.dividedBy(2)));
        }
        long number = beginRead();
        if (whole) {
            return alerts.readAll().doOnNext(read -> replaceAll(read, number, started)).then();
        }
        return alerts.readChanges(from).doOnNext(read -> apply(read, number, started)).then();
    }

    /** Numbers a read about to start; a change recorded later is not undone by it. */
    synchronized long beginRead() {
        return ++readsStarted;
    }

    /** A full read: the book becomes what was read, but for this instance's changes the read may not include. */
    synchronized void replaceAll(AlertRepository.Snapshot read, long number, Instant started) {
        Map<UUID, Alert> next = new HashMap<>();
        for (Alert a : read.alerts()) {
            if (a.enabled()) {
                next.put(a.id(), a);
            }
        }
        touched.forEach((id, changedAfter) -> {
            Alert local = byId.get(id);
            if (changedAfter >= number && local != null) {
                next.put(id, local);
            }
        });
        byId.clear();
        byId.putAll(next);
        Map<String, List<Alert>> prices = new HashMap<>();
        Map<AlertKind, Map<String, List<Alert>>> rest = new EnumMap<>(AlertKind.class);
        for (Alert a : next.values()) {
            if (a.kind() == AlertKind.PRICE) {
                prices.computeIfAbsent(a.symbol(), s -> new ArrayList<>()).add(a);
            } else {
                rest.computeIfAbsent(a.kind(), k -> new HashMap<>())
                        .computeIfAbsent(key(a), s -> new ArrayList<>()).add(a);
            }
        }
        Map<String, SymbolAlerts> indexed = new HashMap<>();
        prices.forEach((symbol, list) -> indexed.put(symbol, new SymbolAlerts(list)));
        bySymbol = Map.copyOf(indexed);
        Map<AlertKind, Map<String, List<Alert>>> frozen = new EnumMap<>(AlertKind.class);
        rest.forEach((kind, byKey) -> {
            Map<String, List<Alert>> copy = new HashMap<>();
            byKey.forEach((key, list) -> copy.put(key, List.copyOf(list)));
            frozen.put(kind, Map.copyOf(copy));
        });
        others = frozen;
        markRead(read, number, started);
        lastFullRead = started;
    }

    /** A read of changes: only the symbols (or portfolios) they are on are rebuilt. */
    synchronized void apply(AlertRepository.Snapshot read, long number, Instant started) {
        Edits edits = new Edits();
        for (Alert a : read.alerts()) {
            if (touched.getOrDefault(a.id(), -1L) < number) {
                put(a, edits);
            }
        }
        for (UUID id : read.deleted()) {
            if (touched.getOrDefault(id, -1L) < number) {
                remove(id, edits);
            }
        }
        publish(edits);
        markRead(read, number, started);
    }

    /** Every change of this instance made before this read started is in it. */
    private void markRead(AlertRepository.Snapshot read, long number, Instant started) {
        touched.values().removeIf(changedAfter -> changedAfter < number);
        since = read.since();
        lastRead = started;
    }

    /**
     * Records a change this instance made (a firing, a re-arming, a new peak) without a read: only the alert's symbol
     * (or portfolio) is rebuilt. An alert the book no longer has (deleted meanwhile) stays out.
     */
    void changed(Alert alert) {
        changed(List.of(alert));
    }

    /**
     * Records several changes at once, as after one trade's firings: each symbol's index is rebuilt once for all of
     * its alerts, not once per alert. A change decided on a definition its user has changed since is left to the next
     * read, which has the stored state and the new definition.
     */
    synchronized void changed(Collection<Alert> changes) {
        Edits edits = new Edits();
        for (Alert alert : changes) {
            Alert current = byId.get(alert.id());
            if (current != null && sameDefinition(current, alert)) {
                touched.put(alert.id(), readsStarted);
                put(alert, edits);
            }
        }
        publish(edits);
    }

    private static boolean sameDefinition(Alert a, Alert b) {
        return a.withState(false, null, null).equals(b.withState(false, null, null));
    }

    /**
     * Changes to publish, by kind and key; a null alert is a removal. For price alerts also the version each had in
     * its symbol's index before these changes, which {@link SymbolAlerts#with} takes out.
     */
    private static final class Edits {
        final Map<AlertKind, Map<String, Map<UUID, Alert>>> byKind = new EnumMap<>(AlertKind.class);
        final Map<String, Map<UUID, Alert>> indexedBefore = new HashMap<>();

        /** @param before the version in the book under this kind and key until now, or null */
        void add(Alert alert, UUID id, Alert replacement, Alert before) {
            byKind.computeIfAbsent(alert.kind(), k -> new HashMap<>())
                    .computeIfAbsent(key(alert), k -> new HashMap<>()).put(id, replacement);
            if (before != null && alert.kind() == AlertKind.PRICE) {
                // The first one seen is the one indexed: a second change of the alert in this batch finds the first.
                indexedBefore.computeIfAbsent(key(alert), k -> new HashMap<>()).putIfAbsent(id, before);
            }
        }
    }

    private void put(Alert alert, Edits edits) {
        Alert old = alert.enabled() ? byId.put(alert.id(), alert) : byId.remove(alert.id());
        boolean moved = old != null && (old.kind() != alert.kind() || !key(old).equals(key(alert)));
        if (moved) {
            edits.add(old, old.id(), null, old);
        }
        if (alert.enabled() || old != null) {
            edits.add(alert, alert.id(), alert.enabled() ? alert : null, moved ? null : old);
        }
    }

    private void remove(UUID id, Edits edits) {
        Alert old = byId.remove(id);
        if (old != null) {
            edits.add(old, id, null, old);
        }
    }

    private void publish(Edits edits) {
        if (edits.byKind.isEmpty()) {
            return;
        }
        Map<String, Map<UUID, Alert>> prices = edits.byKind.remove(AlertKind.PRICE);
        if (prices != null) {
            Map<String, SymbolAlerts> next = new HashMap<>(bySymbol);
            prices.forEach((symbol, replacements) -> {
                List<Alert> added = new ArrayList<>(replacements.size());
                replacements.values().forEach(a -> {
                    if (a != null) {
                        added.add(a);
                    }
                });
                SymbolAlerts changed = next.getOrDefault(symbol, SymbolAlerts.EMPTY)
                        .with(edits.indexedBefore.getOrDefault(symbol, Map.of()).values(), added);
                if (changed.isEmpty()) {
                    next.remove(symbol);
                } else {
                    next.put(symbol, changed);
                }
            });
            bySymbol = Map.copyOf(next);
        }
        if (edits.byKind.isEmpty()) {
            return;
        }
        Map<AlertKind, Map<String, List<Alert>>> next = new EnumMap<>(AlertKind.class);
        next.putAll(others);
        edits.byKind.forEach((kind, byKey) -> {
            Map<String, List<Alert>> lists = new HashMap<>(next.getOrDefault(kind, Map.of()));
            byKey.forEach((key, replacements) -> {
                List<Alert> list = replaced(lists.getOrDefault(key, List.of()), replacements);
                if (list.isEmpty()) {
                    lists.remove(key);
                } else {
                    lists.put(key, list);
                }
            });
            next.put(kind, Map.copyOf(lists));
        });
        others = next;
    }

    /** The list with these alerts replaced, removed (null) or added at the end (new ids), in its order. */
    private static List<Alert> replaced(List<Alert> list, Map<UUID, Alert> replacements) {
        List<Alert> out = new ArrayList<>(list.size() + replacements.size());
        Map<UUID, Alert> left = new HashMap<>(replacements);
        for (Alert a : list) {
            if (!left.containsKey(a.id())) {
                out.add(a);
            } else {
                Alert replacement = left.remove(a.id());
                if (replacement != null) {
                    out.add(replacement);
                }
            }
        }
        left.values().forEach(a -> {
            if (a != null) {
                out.add(a);
            }
        });
        return List.copyOf(out);
    }

    private static String key(Alert alert) {
        return alert.kind() == AlertKind.DRAWDOWN ? alert.portfolioId().toString() : alert.symbol();
    }

    /** The periodic read: a full one when it is due, else the changes. */
    private Mono<Void> tick() {
        boolean fullDue;
        synchronized (this) {
            fullDue = !lastFullRead.plus(fullReloadInterval).isAfter(clock.instant());
        }
        if (!fullDue) {
            return refresh();
        }
        return reload().then(alerts.forgetDeletionsBefore(clock.instant().minus(DELETIONS_KEPT))).then();
    }

    @Override
    public void start() {
        refreshing = Flux.interval(Duration.ZERO, changesInterval)
                .onBackpressureDrop()
                .concatMap(tick -> tick().onErrorResume(e -> {
                    log.warn("cannot read alerts: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = refreshing;
        if (running != null) {
            running.dispose();
        }
        refreshing = null;
    }

    @Override
    public boolean isRunning() {
        return refreshing != null;
    }
}
