package io.coinlens.portfolio.alert;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.SignalRaised;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Evaluates signal alerts on {@code analytics.signals.v1}, keyed (so partitioned) by symbol. Its own consumer group,
 * from the latest signals by default: an alert is about signals from now on. A poison signal is dead-lettered by
 * service-starter.
 */
@Component
class SignalListener {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventCodec codec;
    private final SignalEvaluator evaluator;

    SignalListener(EventCodec codec, SignalEvaluator evaluator) {
        this.codec = codec;
        this.evaluator = evaluator;
    }

    @KafkaListener(id = "portfolio-signal-alerts", groupId = "portfolio-signal-alerts", topics = "analytics.signals.v1",
            properties = "auto.offset.reset=${coinlens.portfolio.alerts.signals-offset-reset:latest}")
    void onSignal(ConsumerRecord<String, byte[]> record) {
        SignalRaised signal = codec.decode(record.value(), SignalRaised.class).orElseThrow();
        evaluator.onSignal(signal, Instant.ofEpochMilli(record.timestamp())).block(TIMEOUT);
    }
}
