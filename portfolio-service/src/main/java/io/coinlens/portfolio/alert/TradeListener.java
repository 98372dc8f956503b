package io.coinlens.portfolio.alert;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.TradeRecorded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Evaluates price alerts on every trade of {@code market.trades.v1}. Its own consumer group, starting from the latest
 * trades by default: an alert is about prices from now on. A poison trade is dead-lettered by service-starter.
 */
@Component
class TradeListener {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventCodec codec;
    private final AlertEvaluator evaluator;

    TradeListener(EventCodec codec, AlertEvaluator evaluator) {
        this.codec = codec;
        this.evaluator = evaluator;
    }

    @KafkaListener(id = "portfolio-alerts", groupId = "portfolio-alerts", topics = "market.trades.v1",
            properties = "auto.offset.reset=${coinlens.portfolio.alerts.trades-offset-reset:latest}")
    void onTrade(ConsumerRecord<String, byte[]> record) {
        TradeRecorded trade = codec.decode(record.value(), TradeRecorded.class).orElseThrow();
        evaluator.onTrade(trade).block(TIMEOUT);
    }
}
