package io.coinlens.analytics.history;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.CorrelationComputed;
import io.coinlens.contracts.DecodeResult;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.IndicatorsComputed;
import io.coinlens.contracts.Interval;
import java.nio.charset.StandardCharsets;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The latest candle and indicator values per (symbol, interval), and the latest correlation per (pair, interval), in
 * Redis, as the event JSON.
 */
@Component
public class LatestValues {

    private final ReactiveStringRedisTemplate redis;

    private final EventCodec codec;

    public LatestValues(ReactiveStringRedisTemplate redis, EventCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    public static String candleKey(String symbol, Interval interval) {
        return "analytics:candle:" + symbol + ":" + interval.code();
    }

    public static String indicatorsKey(String symbol, Interval interval) {
        return "analytics:indicators:" + symbol + ":" + interval.code();
    }

    public static String correlationKey(String symbol, String otherSymbol, Interval interval) {
        return "analytics:correlation:" + symbol + ":" + otherSymbol + ":" + interval.code();
    }

    /**
     * Keeps the candle with the latest open time: the close of one candle can follow the first update of the next
     * within the grace period. One listener thread owns each key's partition, so read-then-write does not race.
     */
    public Mono<Boolean> putCandle(CandleUpdated candle, byte[] json) {
        String key = candleKey(candle.symbol(), candle.interval());
        return redis.opsForValue().get(key)
                .map(current -> codec.decode(current.getBytes(StandardCharsets.UTF_8), CandleUpdated.class))
                .filter(current -> current instanceof DecodeResult.Accepted<CandleUpdated> accepted
                        && accepted.event().openTime() > candle.openTime())
                .map(newer -> false)
                .switchIfEmpty(Mono.defer(() -> redis.opsForValue().set(key, new String(json, StandardCharsets.UTF_8))));
    }

    public Mono<Boolean> putIndicators(IndicatorsComputed values, byte[] json) {
        String key = indicatorsKey(values.symbol(), values.interval());
        return redis.opsForValue().get(key)
                .map(current -> codec.decode(current.getBytes(StandardCharsets.UTF_8), IndicatorsComputed.class))
                .filter(current -> current instanceof DecodeResult.Accepted<IndicatorsComputed> accepted
                        && accepted.event().openTime() > values.openTime())
                .map(newer -> false)
                .switchIfEmpty(Mono.defer(() -> redis.opsForValue().set(key, new String(json, StandardCharsets.UTF_8))));
    }

    /** Keeps the value with the latest open time, as for indicators. */
    public Mono<Boolean> putCorrelation(CorrelationComputed value, byte[] json) {
        String key = correlationKey(value.symbol(), value.otherSymbol(), value.interval());
        return redis.opsForValue().get(key)
                .map(current -> codec.decode(current.getBytes(StandardCharsets.UTF_8), CorrelationComputed.class))
                .filter(current -> current instanceof DecodeResult.Accepted<CorrelationComputed> accepted
                        && accepted.event().openTime() > value.openTime())
                .map(newer -> false)
                .switchIfEmpty(Mono.defer(() -> redis.opsForValue().set(key, new String(json, StandardCharsets.UTF_8))));
    }

    public Mono<String> candle(String symbol, Interval interval) {
        return redis.opsForValue().get(candleKey(symbol, interval));
    }
}
