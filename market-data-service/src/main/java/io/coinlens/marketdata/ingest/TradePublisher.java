package io.coinlens.marketdata.ingest;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;

/**
 * Sends trades to {@code market.trades.v1}, keyed by {@code exchange:symbol}, through an idempotent producer, and
 * passes each one on to {@code onPublished} (the ticker and the restart checkpoint) once Kafka has acknowledged it.
 */
public class TradePublisher implements TradeSink {

    private static final Logger log = LoggerFactory.getLogger(TradePublisher.class);
    private static final byte[] TYPE = EventType.TRADE_RECORDED.id().getBytes(StandardCharsets.UTF_8);

    private final KafkaTemplate<String, byte[]> template;
    private final EventCodec codec;
    private final IngestionMetrics metrics;
    private final TradeSink onPublished;

    public TradePublisher(KafkaTemplate<String, byte[]> template, EventCodec codec, IngestionMetrics metrics,
            TradeSink onPublished) {
        this.template = template;
        this.codec = codec;
        this.metrics = metrics;
        this.onPublished = onPublished;
    }

    @Override
    public void publish(TradeRecorded trade) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.TRADES.topicName(), trade.key(),
                codec.encode(trade));
        record.headers().add(EventHeaders.TYPE_ID, TYPE);
        template.send(record).whenComplete((result, failure) -> {
            if (failure != null) {
                // The idempotent producer has already retried for delivery.timeout.ms: this trade did not make it.
                metrics.publishFailed(trade.exchange());
                log.error("trade {} {} #{} was not written to Kafka: {}", trade.exchange(), trade.symbol(),
                        trade.tradeId(), failure.toString());
            } else {
                // Only once Kafka has it: the ticker's trade id is the restart checkpoint, and a trade that failed
                // must stay after it so that a restart backfills it. Acks come in order per partition, so per symbol.
                onPublished.publish(trade);
            }
        });
        metrics.published(trade.exchange(), trade.symbol(), trade.tradeTime());
    }
}
