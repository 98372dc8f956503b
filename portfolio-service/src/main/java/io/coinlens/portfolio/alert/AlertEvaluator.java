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
import java.util.UUID;

/**
 * Checks a trade against the alerts on its symbol: price alerts here, percent moves in {@link PercentMoves}, and it
 * tells {@link DrawdownMonitor} the price. What a trade does is decided at once from the in-memory {@link AlertBook}
 * (most trades change nothing and cost no database round trip); only firings and re-armings go to the database.
 * Firing disarms the alert, stores the history entry and the {@code AlertTriggered} event in one transaction; the
 * conditional disarm makes a redelivered trade, or a second instance, fire nothing twice.
 */
@Component
class AlertEvaluator {

    /** How long one step of a trade's work may take: its price alerts' firings, their re-armings, a percent move. */
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
     * The price alerts' work, or null when there is none: the firings and the re-armings in one statement (a price
     * may cross hundreds of alerts at once), or the re-armings alone when nothing fires. The book learns of the
     * changes together when it ends (each symbol's index is rebuilt once), before the next trade of the symbol is
     * decided.
     */
    private Mono<Long> onPrice(TradeRecorded trade) {
        List<Alert> candidates = book.candidates(trade.symbol(), trade.price());
        if (candidates.isEmpty()) {
            return null;
        }
        Instant time = Instant.ofEpochMilli(trade.tradeTime());
        List<Alert> firing = new ArrayList<>();
        List<Alert> rearming = new ArrayList<>();
        for (Alert alert : candidates) {
            AlertRule.Decision decision = alert.rule().evaluate(alert.armed(), alert.lastTriggeredAt(),
                    trade.price(), time);
            if (decision == AlertRule.Decision.FIRE) {
                firing.add(alert);
            } else if (decision == AlertRule.Decision.REARM) {
                rearming.add(alert);
            }
        }
        if (firing.isEmpty() && rearming.isEmpty()) {
            return null;
        }
        List<Alert> changed = new ArrayList<>();
        List<UUID> rearmIds = rearming.stream().map(Alert::id).toList();
        Mono<Long> work = firing.isEmpty()
                ? Mono.defer(() -> alerts.rearmAll(rearmIds)).map(n -> 0L)
                : Mono.defer(() -> triggers.fireAndDisarmAll(firing, a -> firing(a, trade.price(), time), time,
                        rearmIds)).map(fired -> {
                            fired.forEach(a -> changed.add(a.withState(false, time, a.peak())));
                            return (long) fired.size();
                        });
        Mono<Long> stored = work.timeout(STEP_TIMEOUT).doOnNext(n ->
                rearming.forEach(a -> changed.add(a.withState(true, a.lastTriggeredAt(), a.peak()))));
        Runnable tellBook = () -> {
            synchronized (changed) {
                if (!changed.isEmpty()) {
                    book.changed(List.copyOf(changed));
                    changed.clear();
                }
            }
        };
        return stored.doOnTerminate(tellBook).doOnCancel(tellBook);
    }

    private static AlertTriggers.Firing firing(Alert alert, BigDecimal price, Instant time) {
        boolean above = alert.priceDirection() == AlertRule.Direction.ABOVE;
        String message = alert.symbol() + (above ? " rose to " : " fell to ") + price.toPlainString()
                + (above ? " (at or above " : " (at or below ") + alert.threshold().toPlainString() + ")";
        return new AlertTriggers.Firing(alert.rule().kind(), alert.symbol(), alert.direction(), price,
                alert.threshold(), time, message, null);
    }
}
