package io.coinlens.portfolio.alert;

import io.coinlens.contracts.TradeRecorded;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Checks a trade against the alerts on its symbol: price alerts here, percent moves in {@link PercentMoves}, and it
 * tells {@link DrawdownMonitor} the price. Firing disarms the alert, stores the history entry and the
 * {@code AlertTriggered} event in one transaction; the conditional disarm makes a redelivered trade, or a second
 * instance, fire nothing twice.
 */
@Component
class AlertEvaluator {

    private final AlertBook book;
    private final AlertRepository alerts;
    private final AlertTriggers triggers;
    private final PercentMoves percentMoves;
    private final DrawdownMonitor drawdowns;

    AlertEvaluator(AlertBook book, AlertRepository alerts, AlertTriggers triggers, PercentMoves percentMoves,
            DrawdownMonitor drawdowns) {
        this.book = book;
        this.alerts = alerts;
        this.triggers = triggers;
        this.percentMoves = percentMoves;
        this.drawdowns = drawdowns;
    }

    /** How many alerts fired. Only the price alerts whose state this price can change are looked at. */
    Mono<Long> onTrade(TradeRecorded trade) {
        drawdowns.priceSeen(trade.symbol(), trade.price());
        return onPrice(trade).flatMap(price -> percentMoves.onTrade(trade).map(moves -> price + moves));
    }

    private Mono<Long> onPrice(TradeRecorded trade) {
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
                                book.changed(alert.withState(false, time, alert.peak()));
                            }
                        });
                    }
                    if (decision == AlertRule.Decision.REARM) {
                        return alerts.rearm(alert.id()).doOnNext(n -> book.changed(alert.withState(true,
                                alert.lastTriggeredAt(), alert.peak()))).thenReturn(0L);
                    }
                    return Mono.just(0L);
                })
                .reduce(0L, Long::sum);
    }

    private Mono<Long> fire(Alert alert, BigDecimal price, Instant time) {
        boolean above = alert.priceDirection() == AlertRule.Direction.ABOVE;
        String message = alert.symbol() + (above ? " rose to " : " fell to ") + price.toPlainString()
                + (above ? " (at or above " : " (at or below ") + alert.threshold().toPlainString() + ")";
        return triggers.fireAndDisarm(alert, new AlertTriggers.Firing(alert.rule().kind(), alert.symbol(),
                alert.direction(), price, alert.threshold(), time, message, null));
    }
}
