package io.coinlens.analytics.history;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.CorrelationComputed;
import io.coinlens.contracts.DecodeResult;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.IndicatorsComputed;
import io.coinlens.contracts.SignalRaised;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
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

    /**
     * A whole poll at a time, writing only the highest revision of each candle to PostgreSQL and the newest candle
     * per (symbol, interval) to Redis: a listener that has fallen behind gets many revisions of the same open
     * candles per poll, so its work per poll stays bounded by the number of open candles and it catches up. The
     * result is the same as writing every record, since both writes keep the newest anyway.
     */
    @KafkaListener(id = "analytics-candle-history", groupId = GROUP, topics = "market.candles.v1", batch = "true")
    void onCandles(List<ConsumerRecord<String, byte[]>> records) {
        List<CandleUpdated> decoded = new ArrayList<>(records.size());
        Map<String, Integer> history = new LinkedHashMap<>();
        Map<String, Integer> shown = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            DecodeResult<CandleUpdated> result = codec.decode(records.get(i).value(), CandleUpdated.class);
            if (result instanceof DecodeResult.Rejected<CandleUpdated> rejected) {
                // Only this record goes to the dead-letter topic; the ones before it are written first.
                throw new BatchListenerFailedException(rejected.reason(), i);
            }
            CandleUpdated c = ((DecodeResult.Accepted<CandleUpdated>) result).event();
            decoded.add(c);
            history.merge(c.exchange() + ":" + c.symbol() + ":" + c.interval().code() + ":" + c.openTime(), i,
                    (a, b) -> decoded.get(b).revision() > decoded.get(a).revision() ? b : a);
            // Redis keeps the latest open time; among equals the later record, as one write per record would.
            shown.merge(c.symbol() + ":" + c.interval().code(), i,
                    (a, b) -> decoded.get(b).openTime() >= decoded.get(a).openTime() ? b : a);
        }
        Flux.fromIterable(history.values()).concatMap(i -> candles.upsert(decoded.get(i)))
                .thenMany(Flux.fromIterable(shown.values())
                        .concatMap(i -> latest.putCandle(decoded.get(i), records.get(i).value())))
                .then()
                .block(TIMEOUT);
    }

    @KafkaListener(id = "analytics-indicator-history", groupId = GROUP, topics = "analytics.indicators.v1")
    void onIndicators(ConsumerRecord<String, byte[]> record) {
        IndicatorsComputed values = codec.decode(record.value(), IndicatorsComputed.class).orElseThrow();
        Mono<Long> history = values.provisional() ? Mono.just(0L) : indicators.upsert(values);
        history.then(latest.putIndicators(values, record.value())).block(TIMEOUT);
    }

    /** Only the latest value per pair: the history is recomputed from the stored candles on request. */
    @KafkaListener(id = "analytics-correlation-history", groupId = GROUP, topics = "analytics.correlations.v1")
    void onCorrelation(ConsumerRecord<String, byte[]> record) {
        latest.putCorrelation(codec.decode(record.value(), CorrelationComputed.class).orElseThrow(), record.value())
                .block(TIMEOUT);
    }

    @KafkaListener(id = "analytics-signal-history", groupId = GROUP, topics = "analytics.signals.v1")
    void onSignal(ConsumerRecord<String, byte[]> record) {
        indicators.insert(codec.decode(record.value(), SignalRaised.class).orElseThrow()).block(TIMEOUT);
    }
}
