package io.coinlens.portfolio.alert;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.portfolio.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Records that an alert fired: the state change that makes this the only firing (a conditional update), the history
 * entry and the {@code AlertTriggered} in the outbox, all in one transaction. Shared by every kind of alert.
 */
@Component
class AlertTriggers {

    /**
     * What one firing reports.
     *
     * @param kind     the AlertTriggered kind (price_above, percent_move, ...)
     * @param sourceId the event that caused it, when a redelivery of that event must not fire again
     */
    record Firing(String kind, String symbol, String direction, BigDecimal observed, BigDecimal threshold,
            Instant time, String message, String sourceId) {

        AlertEvent event(Alert alert) {
            return new AlertEvent(UUID.randomUUID(), alert.id(), alert.userId(), kind, symbol, direction, observed,
                    threshold, time, null, message);
        }

        AlertTriggered published(Alert alert) {
            return new AlertTriggered(alert.id().toString(), alert.userId(), kind, symbol, time.toEpochMilli(),
                    observed, threshold, message);
        }
    }

    /** Rolls back a firing whose source event was already recorded. */
    private static final class AlreadyRecorded extends RuntimeException {
        AlreadyRecorded() {
            super(null, null, false, false);
        }
    }

    private final AlertRepository alerts;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final MeterRegistry meters;
    private final Map<String, Counter> fired = new ConcurrentHashMap<>();

    AlertTriggers(AlertRepository alerts, Outbox outbox, TransactionalOperator tx, MeterRegistry meters) {
        this.alerts = alerts;
        this.outbox = outbox;
        this.tx = tx;
        this.meters = meters;
    }

    /** Fires and disarms the alert if it is armed and past its cooldown; 1 if this call fired it. */
    Mono<Long> fireAndDisarm(Alert alert, Firing firing) {
        return record(alert, firing, alerts.disarm(alert.id(), firing.time(), alert.cooldownSeconds()));
    }

    /**
     * Fires and disarms those of these alerts that are armed and past their cooldown, all at {@code time}, and
     * re-arms the alerts {@code rearm} (disarmed ones whose condition is back beyond the band), in one statement
     * however many there are (one price may cross hundreds): one round trip instead of a transaction's five and a
     * re-arming's one; the alerts fired. For firings without a source event (trades).
     */
    Mono<List<Alert>> fireAndDisarmAll(List<Alert> candidates, Function<Alert, Firing> firing, Instant time,
            Collection<UUID> rearm) {
        Map<UUID, Alert> byId = new LinkedHashMap<>();
        List<AlertRepository.PreparedFiring> prepared = new ArrayList<>(candidates.size());
        for (Alert alert : candidates) {
            if (byId.putIfAbsent(alert.id(), alert) == null) {
                Firing f = firing.apply(alert);
                prepared.add(new AlertRepository.PreparedFiring(alert.id(), f.event(alert),
                        outbox.entry(f.published(alert))));
            }
        }
        return alerts.fireAll(prepared, time, rearm).map(byId::get).collectList()
                .doOnNext(fired -> fired.forEach(alert -> counter(alert.kind()).increment()));
    }

    /** Fires an alert that stays armed (a signal alert) if its cooldown has passed; 1 if this call fired it. */
    Mono<Long> fire(Alert alert, Firing firing) {
        return record(alert, firing, alerts.fired(alert.id(), firing.time(), alert.cooldownSeconds()));
    }

    private Mono<Long> record(Alert alert, Firing f, Mono<Long> claim) {
        return tx.transactional(claim.flatMap(claimed -> {
                    if (claimed == 0) {
                        return Mono.just(0L);
                    }
                    return alerts.insertEvent(f.event(alert), f.sourceId()).flatMap(stored -> stored == 0
                            ? Mono.<Long>error(new AlreadyRecorded())
                            : outbox.add(f.published(alert)).thenReturn(1L));
                }))
                .onErrorResume(AlreadyRecorded.class, e -> Mono.just(0L))
                .doOnNext(count -> counter(alert.kind()).increment(count));
    }

    /** A decimal as a person writes it: no trailing zeros, no exponent (10, not 1E+1). */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private Counter counter(AlertKind kind) {
        return fired.computeIfAbsent(kind.code(), k -> Counter.builder("coinlens.alerts.fired")
                .description("Alerts fired").tag("kind", k).register(meters));
    }
}
