package io.coinlens.portfolio.webhook;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.UserDeleted;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Alerts to deliver, and users to forget. Blocking is fine on these Kafka consumer threads; a poison event goes to
 * the topic's dead-letter topic with its reason (service-starter's error handler).
 */
class WebhookEvents {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventCodec codec;
    private final WebhookDeliveries deliveries;
    private final WebhookRepository repository;

    WebhookEvents(EventCodec codec, WebhookDeliveries deliveries, WebhookRepository repository) {
        this.codec = codec;
        this.deliveries = deliveries;
        this.repository = repository;
    }

    @KafkaListener(id = "portfolio-webhooks-alerts", groupId = "portfolio-webhooks", topics = "portfolio.alerts.v1")
    void onAlert(ConsumerRecord<String, byte[]> record) {
        AlertTriggered alert = codec.decode(record.value(), AlertTriggered.class).orElseThrow();
        deliveries.enqueue(alert, record.value()).block(TIMEOUT);
    }

    @KafkaListener(id = "portfolio-webhooks-users", groupId = "portfolio-webhooks", topics = "user.events.v1")
    void onUserEvent(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(EventHeaders.TYPE_ID);
        String typeId = type == null ? null : new String(type.value(), StandardCharsets.UTF_8);
        if (codec.decode(record.value(), typeId).orElseThrow() instanceof UserDeleted deleted) {
            repository.deleteAllOf(deleted.userId()).block(TIMEOUT);
        }
    }
}
