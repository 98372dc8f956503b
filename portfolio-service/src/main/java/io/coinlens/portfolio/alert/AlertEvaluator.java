package io.coinlens.portfolio.alert;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.portfolio.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Checks a trade against the alerts on its symbol. Firing disarms the alert, stores the history entry and the
 * {@code AlertTriggered} event in one transaction; the conditional disarm makes a redelivered trade, or a second
 * instance, fire nothing twice.
 */
@Component
class AlertEvaluator {

    private final AlertBook book;
    private final AlertRepository alerts;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Counter fired;

    AlertEvaluator(AlertBook book, AlertRepository alerts, Outbox outbox, TransactionalOperator tx,
            MeterRegistry meters) {
        this.book = book;
        this.alerts = alerts;
        this.outbox = outbox;
        this.tx = tx;
        this.fired = Counter.builder("coinlens.alerts.fired").description("Price alerts fired").register(meters);
    }

    /** How many alerts fired. Only the alerts whose state this price can change are looked at. */
    Mono<Long> onTrade(TradeRecorded trade) {
        List<Alert> candidates = book.candidates(trade.symbol(), trade.price());
        if (candidates.isEmpty()) {
            return Mono.just(0L);
        }
        Instant time = Instant.ofEpochMilli(trade.tradeTime());
        return Flux.fromIterable(candidates)
                .concatMap(alert -> {
                    AlertRule.Decision decision = alert.rule().evaluate(alert.armed(), alert.lastTriggeredAt(),
                            trade.price(), time);
                    if (decision == AlertRule.Decision.FIRE) {
                        return fire(alert, trade.price(), time).doOnNext(fired -> {
                            if (fired > 0) {
                                book.changed(withState(alert, false, time));
                            }
                        });
                    }
                    if (decision == AlertRule.Decision.REARM) {
                        return alerts.rearm(alert.id()).doOnNext(n -> book.changed(withState(alert, true,
                                alert.lastTriggeredAt()))).thenReturn(0L);
                    }
                    return Mono.just(0L);
                })
                .reduce(0L, Long::sum);
    }

    private static Alert withState(Alert a, boolean armed, Instant lastTriggeredAt) {
        return new Alert(a.id(), a.userId(), a.symbol(), a.direction(), a.threshold(), a.hysteresis(),
                a.cooldownSeconds(), a.enabled(), armed, lastTriggeredAt, a.note(), a.createdAt());
    }

    private Mono<Long> fire(Alert alert, BigDecimal price, Instant time) {
        return tx.transactional(alerts.disarm(alert.id(), time, alert.cooldownSeconds()).flatMap(disarmed -> {
            if (disarmed == 0) {
                return Mono.just(0L);
            }
            String message = alert.symbol() + (alert.direction() == AlertRule.Direction.ABOVE ? " rose to " : " fell to ")
                    + price.toPlainString() + (alert.direction() == AlertRule.Direction.ABOVE ? " (at or above " : " (at or below ")
                    + alert.threshold().toPlainString() + ")";
            AlertEvent event = new AlertEvent(UUID.randomUUID(), alert.id(), alert.userId(), alert.symbol(),
                    alert.direction(), price, alert.threshold(), time, null, message);
            return alerts.insertEvent(event)
                    .then(outbox.add(new AlertTriggered(alert.id().toString(), alert.userId(), alert.rule().kind(),
                            alert.symbol(), time.toEpochMilli(), price, alert.threshold(), message)))
                    .thenReturn(1L);
        })).doOnNext(count -> fired.increment(count));
    }
}
