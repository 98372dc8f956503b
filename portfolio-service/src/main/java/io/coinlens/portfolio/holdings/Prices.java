package io.coinlens.portfolio.holdings;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.DecodeResult;
import io.coinlens.contracts.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Latest prices from Redis: the ticker market-data-service keeps per symbol ({@code md:ticker:<symbol>}, the last
 * trade), else the latest 1m candle analytics-service keeps ({@code analytics:candle:<symbol>:1m}). A price is
 * returned with its time, however old: the caller shows its age rather than hiding it.
 */
@Component
public class Prices {

    private static final Logger log = LoggerFactory.getLogger(Prices.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * @param open24h the price 24 hours ago, when market-data-service has the 24h statistics
     */
    public record Quote(String symbol, BigDecimal price, Instant time, String source, BigDecimal open24h) {
    }

    private final ReactiveStringRedisTemplate redis;
    private final EventCodec codec;

    Prices(ReactiveStringRedisTemplate redis, EventCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    static String tickerKey(String symbol) {
        return "md:ticker:" + symbol;
    }

    static String candleKey(String symbol) {
        return "analytics:candle:" + symbol + ":1m";
    }

    /** Empty when nobody has a price for the symbol, or Redis does not answer in time. */
    public Mono<Optional<Quote>> latest(String symbol) {
        return redis.<String, String>opsForHash().entries(tickerKey(symbol))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMap(ticker -> ticker.containsKey("price") && ticker.containsKey("tradeTime")
                        ? Mono.just(fromTicker(symbol, ticker)) : fromCandle(symbol))
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("cannot read the price of {} from Redis: {}", symbol, e.toString());
                    return Mono.just(Optional.empty());
                });
    }

    private static Optional<Quote> fromTicker(String symbol, Map<String, String> ticker) {
        String open = ticker.get("open24h");
        return Optional.of(new Quote(symbol, new BigDecimal(ticker.get("price")),
                Instant.ofEpochMilli(Long.parseLong(ticker.get("tradeTime"))), "ticker",
                open == null ? null : new BigDecimal(open)));
    }

    private Mono<Optional<Quote>> fromCandle(String symbol) {
        return redis.opsForValue().get(candleKey(symbol))
                .map(json -> {
                    DecodeResult<CandleUpdated> decoded = codec.decode(json.getBytes(StandardCharsets.UTF_8),
                            CandleUpdated.class);
                    if (decoded instanceof DecodeResult.Accepted<CandleUpdated> accepted) {
                        CandleUpdated candle = accepted.event();
                        Instant time = Instant.ofEpochMilli(Math.min(candle.closeTime(), System.currentTimeMillis()));
                        return Optional.of(new Quote(symbol, candle.close(), time, "candle", null));
                    }
                    return Optional.<Quote>empty();
                })
                .defaultIfEmpty(Optional.empty());
    }
}
