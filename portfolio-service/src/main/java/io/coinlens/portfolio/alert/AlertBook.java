package io.coinlens.portfolio.alert;

import io.coinlens.portfolio.config.PortfolioProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The enabled alerts by symbol, in memory, so checking a trade costs no database round trip. Reloaded from the
 * database every {@code refresh-interval} (other instances' changes) and at once after this instance changes one.
 * The database stays the authority on whether an alert may fire (see {@link AlertRepository#disarm}).
 */
@Component
class AlertBook implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

    private final AlertRepository alerts;
    private final Duration refreshInterval;
    private volatile Map<String, SymbolAlerts> bySymbol = Map.of();
    private volatile Disposable refreshing;

    AlertBook(AlertRepository alerts, PortfolioProperties properties) {
        this.alerts = alerts;
        this.refreshInterval = properties.alerts().refreshInterval();
    }

    List<Alert> forSymbol(String symbol) {
        return bySymbol.getOrDefault(symbol, SymbolAlerts.EMPTY).all();
    }

    /** The alerts a trade at this price may fire or re-arm. */
    List<Alert> candidates(String symbol, java.math.BigDecimal price) {
        SymbolAlerts alerts = bySymbol.get(symbol);
        return alerts == null ? List.of() : alerts.candidates(price);
    }

    Mono<Void> reload() {
        return alerts.enabled().collect(Collectors.groupingBy(Alert::symbol))
                .doOnNext(loaded -> {
                    Map<String, SymbolAlerts> indexed = new java.util.HashMap<>();
                    loaded.forEach((symbol, list) -> indexed.put(symbol, new SymbolAlerts(list)));
                    bySymbol = Map.copyOf(indexed);
                })
                .then();
    }

    /**
     * Records a change this instance made (a firing or a re-arming) without reloading every alert: only the
     * symbol's index is rebuilt. The periodic reload still brings other instances' changes.
     */
    synchronized void changed(Alert alert) {
        Map<String, SymbolAlerts> next = new java.util.HashMap<>(bySymbol);
        next.put(alert.symbol(), next.getOrDefault(alert.symbol(), SymbolAlerts.EMPTY).with(alert.id(), alert));
        bySymbol = Map.copyOf(next);
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
