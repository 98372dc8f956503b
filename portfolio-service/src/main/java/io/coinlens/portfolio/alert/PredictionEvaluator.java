package io.coinlens.portfolio.alert;

import io.coinlens.contracts.PredictionMade;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;

/** Checks each {@code PredictionMade} against the prediction alerts on its symbol; same firing as price alerts. */
@Component
class PredictionEvaluator {

    private final AlertBook book;
    private final AlertRepository alerts;
    private final AlertTriggers triggers;

    PredictionEvaluator(AlertBook book, AlertRepository alerts, AlertTriggers triggers) {
        this.book = book;
        this.alerts = alerts;
        this.triggers = triggers;
    }

    /** How many alerts fired. */
    Mono<Long> onPrediction(PredictionMade prediction) {
        Instant time = Instant.ofEpochMilli(prediction.madeAt());
        return Flux.fromIterable(book.of(AlertKind.PREDICTION, prediction.symbol()))
                .filter(alert -> alert.predictionRule().matches(prediction))
                .concatMap(alert -> {
                    PredictionRule rule = alert.predictionRule();
                    BigDecimal value = rule.value(prediction);
                    AlertRule.Decision decision = rule.crossing().evaluate(alert.armed(), alert.lastTriggeredAt(),
                            value, time);
                    if (decision == AlertRule.Decision.FIRE) {
                        return triggers.fireAndDisarm(alert, firing(alert, rule, prediction, value, time))
                                .doOnNext(fired -> {
                                    if (fired > 0) {
                                        book.changed(alert.withState(false, time, null));
                                    }
                                });
                    }
                    if (decision == AlertRule.Decision.REARM) {
                        return alerts.rearm(alert.id())
                                .doOnNext(n -> book.changed(alert.withState(true, alert.lastTriggeredAt(), null)))
                                .thenReturn(0L);
                    }
                    return Mono.just(0L);
                })
                .reduce(0L, Long::sum);
    }

    private static AlertTriggers.Firing firing(Alert alert, PredictionRule rule, PredictionMade p, BigDecimal value,
            Instant time) {
        boolean above = alert.priceDirection() == AlertRule.Direction.ABOVE;
        String message = p.symbol() + " " + rule.metric().code() + " " + value.toPlainString()
                + (above ? " at or above " : " at or below ") + alert.threshold().toPlainString() + " ("
                + p.interval().code() + " model " + p.modelVersion() + ", " + p.horizon() + " ahead)";
        String source = "prediction:" + p.interval().code() + ":" + p.modelVersion() + ":" + p.madeAt();
        return new AlertTriggers.Firing(AlertKind.PREDICTION.code(), p.symbol(), alert.direction(), value,
                alert.threshold(), time, message.length() > 300 ? message.substring(0, 300) : message, source);
    }
}
