package io.coinlens.starter;

import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.InvalidEventException;
import io.coinlens.contracts.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.FixedBackOff;

import java.nio.charset.StandardCharsets;

/**
 * The error handling every Kafka listener gets: an event that breaks its contract goes to {@code <topic>.dlt} at once
 * with the reason in a header; any other failure is retried twice, then dead-lettered the same way. The listener's
 * offset moves on either way, so one poison event never stops a partition, and the event itself is kept.
 */
public final class DeadLetterRouting {

    private DeadLetterRouting() {
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, ex) -> new TopicPartition(Topic.deadLetterTopicName(record.topic()), -1));
        recoverer.setHeadersFunction(DeadLetterRouting::reasonHeader);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500L, 2L));
        handler.addNotRetryableExceptions(InvalidEventException.class, DeserializationException.class);
        return handler;
    }

    static Headers reasonHeader(ConsumerRecord<?, ?> record, Exception failure) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.DLT_REASON, reason(failure).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof ListenerExecutionFailedException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
