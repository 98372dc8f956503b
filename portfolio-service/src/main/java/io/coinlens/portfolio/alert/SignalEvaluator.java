package io.coinlens.portfolio.alert;

import io.coinlens.contracts.SignalRaised;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Fires the signal alerts a {@code SignalRaised} matches. Each matching signal fires once per alert: the signal's
 * identity is stored with the history entry, so a redelivered one fires nothing; the cooldown is checked in the same
 * conditional update that records the firing.
 */
@Component
class SignalEvaluator {

    private final AlertBook book;
    private final AlertTriggers triggers;

    SignalEvaluator(AlertBook book, AlertTriggers triggers) {
        this.book = book;
        this.triggers = triggers;
    }

    /** How many alerts fired; {@code at} is when the signal was raised (its record's timestamp). */
    Mono<Long> onSignal(SignalRaised signal, Instant at) {
        return Flux.fromIterable(book.of(AlertKind.SIGNAL, signal.symbol()))
                .filter(alert -> {
                    SignalRule rule = alert.signalRule();
                    return rule.matches(signal) && !rule.coolingDown(alert.lastTriggeredAt(), at);
                })
                .concatMap(alert -> triggers.fire(alert, firing(signal, at))
                        .doOnNext(fired -> {
                            if (fired > 0) {
                                book.changed(alert.withState(true, at, null));
                            }
                        }))
                .reduce(0L, Long::sum);
    }

    /** A double from the wire at its shortest decimal form: 70, not 70.0. */
    private static BigDecimal decimal(double value) {
        return AlertTriggers.plain(BigDecimal.valueOf(value));
    }

    private static AlertTriggers.Firing firing(SignalRaised s, Instant at) {
        String direction = s.direction().code();
        String message = s.symbol() + " " + s.kind() + " (" + direction + ") on " + s.interval().code() + ": "
                + decimal(s.value()).toPlainString() + " crossed "
                + decimal(s.threshold()).toPlainString();
        String source = "signal:" + s.kind() + ":" + s.interval().code() + ":" + direction + ":" + s.openTime();
        return new AlertTriggers.Firing(AlertKind.SIGNAL.code(), s.symbol(), s.direction().name(),
                decimal(s.value()), decimal(s.threshold()), at, message, source);
    }
}
