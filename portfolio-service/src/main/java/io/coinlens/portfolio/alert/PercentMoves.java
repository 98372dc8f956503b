package io.coinlens.portfolio.alert;

import io.coinlens.contracts.TradeRecorded;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Percent-move alerts on trades. Each instance keeps, for the symbols of its trade partitions that have such alerts,
 * one {@link PriceWindow} per distinct window length, shared by all alerts of that symbol and length; a window is
 * made when the first alert needs it and dropped when none does. It holds the trades since it was made (or since
 * this instance got the partition), so a move is only ever measured over prices this instance has seen: after a
 * restart or a rebalance the window fills up again over its length.
 */
@Component
class PercentMoves {

    private record Seen(BigDecimal low, BigDecimal high, BigDecimal price, Instant time, Instant since) {
    }

    private final AlertBook book;
    private final AlertRepository alerts;
    private final AlertTriggers triggers;
    private final Map<String, Map<Duration, PriceWindow>> windows = new ConcurrentHashMap<>();

    PercentMoves(AlertBook book, AlertRepository alerts, AlertTriggers triggers) {
        this.book = book;
        this.alerts = alerts;
        this.triggers = triggers;
    }

    /**
     * Adds the trade to its symbol's windows now and returns the firings and re-armings it causes, to run in order
     * (each the count of alerts it fired); empty for most trades.
     */
    List<Mono<Long>> onTrade(TradeRecorded trade) {
        List<Alert> watching = book.of(AlertKind.PERCENT_MOVE, trade.symbol());
        if (watching.isEmpty()) {
            if (!windows.isEmpty()) {
                windows.remove(trade.symbol());
            }
            return List.of();
        }
        Map<Duration, PriceWindow> bySize = windows.computeIfAbsent(trade.symbol(), s -> new ConcurrentHashMap<>());
        Map<Duration, Seen> seen = new HashMap<>();
        for (Alert alert : watching) {
            seen.computeIfAbsent(alert.window(), size -> {
                PriceWindow window = bySize.computeIfAbsent(size, PriceWindow::new);
                synchronized (window) {
                    window.add(trade.tradeTime(), trade.price());
                    return new Seen(window.low(), window.high(), window.price(),
                            Instant.ofEpochMilli(window.newestTime()), Instant.ofEpochMilli(window.oldestTime()));
                }
            });
        }
        bySize.keySet().retainAll(seen.keySet());
        List<Mono<Long>> work = new ArrayList<>(0);
        for (Alert alert : watching) {
            Mono<Long> changes = evaluate(alert, seen.get(alert.window()));
            if (changes != null) {
                work.add(changes);
            }
        }
        return work;
    }

    /** The firing or re-arming this alert needs, decided now and run on subscription; null when none. */
    private Mono<Long> evaluate(Alert alert, Seen seen) {
        if (seen.low() == null) {
            return null;
        }
        PercentMoveRule rule = alert.percentMoveRule();
        PercentMoveRule.Move move = rule.move(seen.low(), seen.high(), seen.price());
        AlertRule.Decision decision = rule.evaluate(alert.armed(), alert.lastTriggeredAt(), move, seen.time(),
                seen.since());
        if (decision == AlertRule.Decision.FIRE) {
            BigDecimal observed = AlertTriggers.plain(move.percent().setScale(4, RoundingMode.HALF_EVEN));
            String message = alert.symbol() + (move.up() ? " rose " : " fell ") + observed.toPlainString() + "% within "
                    + human(alert.window()) + " (from " + move.from().toPlainString() + " to "
                    + seen.price().toPlainString() + ")";
            return Mono.defer(() -> triggers.fireAndDisarm(alert, new AlertTriggers.Firing(
                            AlertKind.PERCENT_MOVE.code(), alert.symbol(), move.up() ? "UP" : "DOWN", observed,
                            alert.threshold(), seen.time(), message, null)))
                    .doOnNext(fired -> {
                        if (fired > 0) {
                            book.changed(alert.withState(false, seen.time(), null));
                        }
                    });
        }
        if (decision == AlertRule.Decision.REARM) {
            return Mono.defer(() -> alerts.rearm(alert.id()))
                    .doOnNext(n -> book.changed(alert.withState(true, alert.lastTriggeredAt(), null)))
                    .thenReturn(0L);
        }
        return null;
    }

    /** 1h, 90min, 45s: the way a person would write the window. */
    static String human(Duration window) {
        long seconds = window.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "min" : seconds + "s";
    }
}
