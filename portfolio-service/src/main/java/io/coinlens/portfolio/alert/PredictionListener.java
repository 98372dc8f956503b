package io.coinlens.portfolio.alert;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.PredictionMade;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Evaluates prediction alerts on {@code ml.predictions.v1} (keyed by symbol); its own group, from the latest. */
@Component
class PredictionListener {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventCodec codec;
    private final PredictionEvaluator evaluator;

    PredictionListener(EventCodec codec, PredictionEvaluator evaluator) {
        this.codec = codec;
        this.evaluator = evaluator;
    }

    @KafkaListener(id = "portfolio-prediction-alerts", groupId = "portfolio-prediction-alerts",
            topics = "ml.predictions.v1",
            properties = "auto.offset.reset=${coinlens.portfolio.alerts.predictions-offset-reset:latest}")
    void onPrediction(ConsumerRecord<String, byte[]> record) {
        PredictionMade prediction = codec.decode(record.value(), PredictionMade.class).orElseThrow();
        evaluator.onPrediction(prediction).block(TIMEOUT);
    }
}
