package io.coinlens.portfolio.alert;

import io.coinlens.contracts.TradeRecorded;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a trade against the alerts on its symbol: price alerts here, percent moves in {@link PercentMoves}, and it
 * tells {@link DrawdownMonitor} the price. What a trade does is decided at once from the in-memory {@link AlertBook}
 * (most trades change nothing and cost no database round trip); only firings and re-armings go to the database.
 * Firing disarms the alert, stores the history entry and the {@code AlertTriggered} event in one transaction; the
 * conditional disarm makes a redelivered trade, or a second instance, fire nothing twice.
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

    /**
     * What this trade changes, decided now from the book: the firings and re-armings to run, in order (the count of
     * alerts fired), or empty when it changes nothing. The next trade of the same symbol must be decided only after
     * this work has completed, since it updates the book. Only the price alerts whose state this price can change are
     * looked at.
     */
    Optional<Mono<Long>> onTrade(TradeRecorded trade) {
        drawdowns.priceSeen(trade.symbol(), trade.price());
        List<Mono<Long>> work = onPrice(trade);
        List<Mono<Long>> moves = percentMoves.onTrade(trade);
        if (!moves.isEmpty()) {
            work = work == null ? moves : concat(work, moves);
        }
        if (work == null) {
            return Optional.empty();
        }
        return Optional.of(work.size() == 1 ? work.get(0) : Flux.concat(work).reduce(0L, Long::sum));
    }

    /** The price alerts' work, or null when there is none. */
    private List<Mono<Long>> onPrice(TradeRecorded trade) {
        List<Alert> candidates = book.candidates(trade.symbol(), trade.price());
        if (candidates.isEmpty()) {
            return null;
        }
        Instant time = Instant.ofEpochMilli(trade.tradeTime());
        List<Mono<Long>> work = null;
        for (Alert alert : candidates) {
            AlertRule.Decision decision = alert.rule().evaluate(alert.armed(), alert.lastTriggeredAt(),
                    trade.price(), time);
            if (decision == AlertRule.Decision.FIRE) {
                work = add(work, Mono.defer(() -> fire(alert, trade.price(), time)).doOnNext(fired -> {
                    if (fired > 0) {
                        book.changed(alert.withState(false, time, alert.peak()));
                    }
                }));
            } else if (decision == AlertRule.Decision.REARM) {
                work = add(work, Mono.defer(() -> alerts.rearm(alert.id()))
                        .doOnNext(n -> book.changed(alert.withState(true, alert.lastTriggeredAt(), alert.peak())))
                        .thenReturn(0L));
            }
        }
        return work;
    }

    private static List<Mono<Long>> add(List<Mono<Long>> work, Mono<Long> next) {
        List<Mono<Long>> list = work == null ? new ArrayList<>(2) : work;
        list.add(next);
        return list;
    }

    private static List<Mono<Long>> concat(List<Mono<Long>> first, List<Mono<Long>> second) {
        List<Mono<Long>> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private Mono<Long> fire(Alert alert, BigDecimal price, Instant time) {
        boolean above = alert.priceDirection() == AlertRule.Direction.ABOVE;
        String message = alert.symbol() + (above ? " rose to " : " fell to ") + price.toPlainString()
                + (above ? " (at or above " : " (at or below ") + alert.threshold().toPlainString() + ")";
        return triggers.fireAndDisarm(alert, new AlertTriggers.Firing(alert.rule().kind(), alert.symbol(),
                alert.direction(), price, alert.threshold(), time, message, null));
    }
}
