package io.coinlens.analytics.history;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.IndicatorsComputed;
import io.coinlens.contracts.SignalRaised;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes what the topology publishes into PostgreSQL (history) and Redis (latest). Every write is idempotent, so the
 * at-least-once delivery of a plain consumer is enough. Blocking is fine here: these are Kafka consumer threads.
 */
@Component
public class HistoryListener {

    static final String GROUP = "analytics-history";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventCodec codec;
    private final CandleRepository candles;
    private final IndicatorRepository indicators;
    private final LatestValues latest;

    public HistoryListener(EventCodec codec, CandleRepository candles, IndicatorRepository indicators,
            LatestValues latest) {
        this.codec = codec;
        this.candles = candles;
        this.indicators = indicators;
        this.latest = latest;
    }

    @KafkaListener(id = "analytics-candle-history", groupId = GROUP, topics = "market.candles.v1")
    void onCandle(ConsumerRecord<String, byte[]> record) {
        CandleUpdated candle = codec.decode(record.value(), CandleUpdated.class).orElseThrow();
        candles.upsert(candle)
                .then(latest.putCandle(candle, record.value()))
                .block(TIMEOUT);
    }

    @KafkaListener(id = "analytics-indicator-history", groupId = GROUP, topics = "analytics.indicators.v1")
    void onIndicators(ConsumerRecord<String, byte[]> record) {
        IndicatorsComputed values = codec.decode(record.value(), IndicatorsComputed.class).orElseThrow();
        Mono<Long> history = values.provisional() ? Mono.just(0L) : indicators.upsert(values);
        history.then(latest.putIndicators(values, record.value())).block(TIMEOUT);
    }

    @KafkaListener(id = "analytics-signal-history", groupId = GROUP, topics = "analytics.signals.v1")
    void onSignal(ConsumerRecord<String, byte[]> record) {
        indicators.insert(codec.decode(record.value(), SignalRaised.class).orElseThrow()).block(TIMEOUT);
    }
}
