package io.coinlens.portfolio.alert;

import io.coinlens.portfolio.config.PortfolioProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
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
 * Reloaded from the database every {@code refresh-interval} (other instances' changes) and at once after this
 * instance changes one. The database stays the authority on whether an alert may fire (see
 * {@link AlertRepository#disarm}).
 */
@Component
class AlertBook implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

    private final AlertRepository alerts;
    private final Duration refreshInterval;
    private volatile Map<String, SymbolAlerts> bySymbol = Map.of();
    /** Alerts of the kinds other than price, by kind, then by symbol or (drawdown) portfolio id. */
    private volatile Map<AlertKind, Map<String, List<Alert>>> others = Map.of();
    private volatile Disposable refreshing;

    AlertBook(AlertRepository alerts, PortfolioProperties properties) {
        this.alerts = alerts;
        this.refreshInterval = properties.alerts().refreshInterval();
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

    Mono<Void> reload() {
        return alerts.enabled().collectList()
                .doOnNext(loaded -> {
                    Map<String, List<Alert>> prices = new HashMap<>();
                    Map<AlertKind, Map<String, List<Alert>>> rest = new EnumMap<>(AlertKind.class);
                    for (Alert a : loaded) {
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
                    others = freeze(rest);
                })
                .then();
    }

    /**
     * Records a change this instance made (a firing, a re-arming, a new peak) without reloading every alert: only
     * the alert's symbol (or portfolio) is rebuilt. The periodic reload still brings other instances' changes.
     */
    synchronized void changed(Alert alert) {
        if (alert.kind() == AlertKind.PRICE) {
            Map<String, SymbolAlerts> next = new HashMap<>(bySymbol);
            next.put(alert.symbol(), next.getOrDefault(alert.symbol(), SymbolAlerts.EMPTY).with(alert.id(), alert));
            bySymbol = Map.copyOf(next);
            return;
        }
        Map<AlertKind, Map<String, List<Alert>>> next = new EnumMap<>(AlertKind.class);
        others.forEach((kind, byKey) -> next.put(kind, new HashMap<>(byKey)));
        Map<String, List<Alert>> byKey = next.computeIfAbsent(alert.kind(), k -> new HashMap<>());
        List<Alert> replaced = new ArrayList<>();
        for (Alert a : byKey.getOrDefault(key(alert), List.of())) {
            replaced.add(a.id().equals(alert.id()) ? alert : a);
        }
        byKey.put(key(alert), replaced);
        others = freeze(next);
    }

    /**
     * Records several changes at once, as after one trade's firings: each symbol's index is rebuilt once for all of
     * its alerts, not once per alert.
     */
    synchronized void changed(Collection<Alert> changes) {
        Map<String, Map<UUID, Alert>> prices = new HashMap<>();
        for (Alert alert : changes) {
            if (alert.kind() == AlertKind.PRICE) {
                prices.computeIfAbsent(alert.symbol(), s -> new HashMap<>()).put(alert.id(), alert);
            } else {
                changed(alert);
            }
        }
        if (prices.isEmpty()) {
            return;
        }
        Map<String, SymbolAlerts> next = new HashMap<>(bySymbol);
        prices.forEach((symbol, replacements) ->
                next.put(symbol, next.getOrDefault(symbol, SymbolAlerts.EMPTY).with(replacements)));
        bySymbol = Map.copyOf(next);
    }

    private static String key(Alert alert) {
        return alert.kind() == AlertKind.DRAWDOWN ? alert.portfolioId().toString() : alert.symbol();
    }

    private static Map<AlertKind, Map<String, List<Alert>>> freeze(Map<AlertKind, Map<String, List<Alert>>> kinds) {
        Map<AlertKind, Map<String, List<Alert>>> frozen = new EnumMap<>(AlertKind.class);
        kinds.forEach((kind, byKey) -> {
            Map<String, List<Alert>> copy = new HashMap<>();
            byKey.forEach((key, list) -> copy.put(key, List.copyOf(list)));
            frozen.put(kind, Map.copyOf(copy));
        });
        return frozen;
    }

    @Override
    public void start() {
        refreshing = Flux.interval(Duration.ZERO, refreshInterval)
                .onBackpressureDrop()
                .concatMap(tick -> reload().onErrorResume(e -> {
                    log.warn("cannot reload alerts: {}", e.toString());
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
