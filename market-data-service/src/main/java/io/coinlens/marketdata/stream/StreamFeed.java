package io.coinlens.marketdata.stream;

import io.coinlens.contracts.DecodeResult;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every topic the stream API serves, fanned out to subscribers (a user's alerts to that user's connections only). Each replica reads everything (its own consumer
 * group, from the newest offset): a stream is live data, not a history.
 */
@Component
class StreamFeed {

    private final StreamHub hub;
    private final EventCodec codec;
    private final Counter rejected;

    StreamFeed(StreamHub hub, EventCodec codec, MeterRegistry registry) {
        this.hub = hub;
        this.codec = codec;
        this.rejected = Counter.builder("coinlens.stream.events.rejected")
                .description("Events for a subscribed stream that break their contract; their owners dead-letter them")
                .register(registry);
    }

    @KafkaListener(id = "stream-feed", groupId = "market-data-stream-${random.uuid}", batch = "true",
            topics = {"market.trades.v1", "market.candles.v1", "analytics.indicators.v1", "analytics.signals.v1",
                    "analytics.correlations.v1", "sentiment.scores.v1", "ml.predictions.v1", "portfolio.alerts.v1"},
            properties = {"auto.offset.reset=latest", "enable.auto.commit=true",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"})
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            boolean alert = record.topic().equals(Topic.ALERTS.topicName());
            String stream = alert || record.key() == null ? null : streamOf(record.topic(), record.key());
            if (record.key() != null && !listened(alert, record.key(), stream)) {
                continue;
            }
            Header type = record.headers().lastHeader(EventHeaders.TYPE_ID);
            if (record.key() == null || type == null || record.value() == null
                    || codec.decode(record.value(), new String(type.value(), StandardCharsets.UTF_8))
                    instanceof DecodeResult.Rejected) {
                rejected.increment();
                continue;
            }
            if (alert) {
                // Keyed by user id.
                hub.publishAlert(record.key(), new String(record.value(), StandardCharsets.UTF_8));
                continue;
            }
            hub.publish(stream, record.topic().equals(Topic.CANDLES.topicName()),
                    new String(record.value(), StandardCharsets.UTF_8));
        }
    }

    /** {@code symbol:otherSymbol:interval} → {@code symbol@correlation_other_interval}. */
    private static String correlationStream(String key) {
        String[] parts = key.split(":");
        return parts.length == 3 ? StreamName.correlation(parts[0], parts[1], parts[2]) : null;
    }

    /** Every trade passes here; decoding one that no client listens to was most of this thread's work. */
    private boolean listened(boolean alert, String key, String stream) {
        return alert ? hub.hasAlertSubscribers(key) : stream != null && hub.hasSubscribers(stream);
    }

    static String streamOf(String topic, String key) {
        int colon = key.indexOf(':');
        return switch (Topic.byName(topic).orElseThrow()) {
            case TRADES -> colon < 0 ? null : StreamName.trade(key.substring(colon + 1));
            case CANDLES -> colon < 0 ? null : StreamName.kline(key.substring(0, colon), key.substring(colon + 1));
            case INDICATORS -> colon < 0 ? null : StreamName.indicators(key.substring(0, colon), key.substring(colon + 1));
            case SIGNALS -> StreamName.signals(key);
            case CORRELATIONS -> correlationStream(key);
            case SENTIMENT_SCORES -> StreamName.sentiment(key);
            case PREDICTIONS -> StreamName.prediction(key);
            default -> null;
        };
    }
}
