package io.coinlens.portfolio.alert;

import io.coinlens.contracts.TradeRecorded;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
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

    /**
     * How long one firing or re-arming may take. Per step, not per trade: a trade may fire hundreds of alerts at once
     * (when they are all crossed by one price), which may rightly take longer than any one step should.
     */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

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
        Mono<Long> prices = onPrice(trade);
        List<Mono<Long>> moves = percentMoves.onTrade(trade);
        if (moves.isEmpty()) {
            return Optional.ofNullable(prices);
        }
        List<Mono<Long>> work = new ArrayList<>(moves.size() + 1);
        if (prices != null) {
            work.add(prices);
        }
        moves.forEach(move -> work.add(move.timeout(STEP_TIMEOUT)));
        return Optional.of(Flux.concat(work).reduce(0L, Long::sum));
    }

    /**
     * The price alerts' work, or null when there is none. The book learns of its changes together when it ends (a
     * trade may fire hundreds of alerts on one symbol; each symbol's index is rebuilt once), before the next trade
     * of the symbol is decided, and also when it fails part way, so the firings that were stored are not tried again.
     */
    private Mono<Long> onPrice(TradeRecorded trade) {
        List<Alert> candidates = book.candidates(trade.symbol(), trade.price());
        if (candidates.isEmpty()) {
            return null;
        }
        Instant time = Instant.ofEpochMilli(trade.tradeTime());
        List<Alert> changed = new ArrayList<>();
        List<Mono<Long>> work = new ArrayList<>();
        for (Alert alert : candidates) {
            AlertRule.Decision decision = alert.rule().evaluate(alert.armed(), alert.lastTriggeredAt(),
                    trade.price(), time);
            if (decision == AlertRule.Decision.FIRE) {
                work.add(Mono.defer(() -> fire(alert, trade.price(), time)).timeout(STEP_TIMEOUT)
                        .doOnNext(fired -> {
                            if (fired > 0) {
                                changed.add(alert.withState(false, time, alert.peak()));
                            }
                        }));
            } else if (decision == AlertRule.Decision.REARM) {
                work.add(Mono.defer(() -> alerts.rearm(alert.id())).timeout(STEP_TIMEOUT)
                        .doOnNext(n -> changed.add(alert.withState(true, alert.lastTriggeredAt(), alert.peak())))
                        .thenReturn(0L));
            }
        }
        if (work.isEmpty()) {
            return null;
        }
        Runnable tellBook = () -> {
            synchronized (changed) {
                if (!changed.isEmpty()) {
                    book.changed(List.copyOf(changed));
                    changed.clear();
                }
            }
        };
        return Flux.concat(work).reduce(0L, Long::sum).doOnTerminate(tellBook).doOnCancel(tellBook);
    }

    private Mono<Long> fire(Alert alert, BigDecimal price, Instant time) {
        boolean above = alert.priceDirection() == AlertRule.Direction.ABOVE;
        String message = alert.symbol() + (above ? " rose to " : " fell to ") + price.toPlainString()
                + (above ? " (at or above " : " (at or below ") + alert.threshold().toPlainString() + ")";
        return triggers.fireAndDisarm(alert, new AlertTriggers.Firing(alert.rule().kind(), alert.symbol(),
                alert.direction(), price, alert.threshold(), time, message, null));
    }
}
