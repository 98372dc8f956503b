package io.coinlens.marketdata.ticker;

import io.coinlens.contracts.TradeRecorded;
import io.coinlens.marketdata.binance.BinanceFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest price and 24h statistics per symbol. Trades update memory; a flush every few hundred milliseconds writes
 * what changed to Redis (one hash per symbol), so thousands of trades a second cost a few Redis writes.
 */
public class TickerStore {

    private static final Logger log = LoggerFactory.getLogger(TickerStore.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ReactiveStringRedisTemplate redis;
    private final Map<String, Map<String, String>> dirty = new ConcurrentHashMap<>();

    public TickerStore(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    static String key(String symbol) {
        return "md:ticker:" + symbol;
    }

    static String checkpointKey(String exchange, String symbol) {
        return "md:last-trade-id:" + exchange + ":" + symbol;
    }

    public void onTrade(TradeRecorded trade) {
        Map<String, String> fields = dirty.computeIfAbsent(trade.symbol(), s -> new ConcurrentHashMap<>());
        fields.put("exchange", trade.exchange());
        fields.put("price", trade.price().toPlainString());
        fields.put("quantity", trade.quantity().toPlainString());
        fields.put("tradeId", Long.toString(trade.tradeId()));
        fields.put("tradeTime", Long.toString(trade.tradeTime()));
    }

    public void updateStatistics(List<BinanceFrames.MiniTicker> tickers) {
        for (BinanceFrames.MiniTicker t : tickers) {
            Map<String, String> fields = dirty.computeIfAbsent(t.symbol(), s -> new ConcurrentHashMap<>());
            fields.put("open24h", t.open().toPlainString());
            fields.put("high24h", t.high().toPlainString());
            fields.put("low24h", t.low().toPlainString());
            fields.put("last24h", t.close().toPlainString());
            fields.put("volume24h", t.volume().toPlainString());
            fields.put("quoteVolume24h", t.quoteVolume().toPlainString());
            fields.put("statisticsTime", Long.toString(t.eventTime()));
        }
    }

    /** Writes what changed since the last flush. */
    public Mono<Void> flush() {
        if (dirty.isEmpty()) {
            return Mono.empty();
        }
        Map<String, Map<String, String>> batch = new HashMap<>();
        for (String symbol : List.copyOf(dirty.keySet())) {
            Map<String, String> fields = dirty.remove(symbol);
            if (fields != null) {
                batch.put(symbol, fields);
            }
        }
        return Flux.fromIterable(batch.entrySet())
                .flatMap(e -> {
                    Mono<Boolean> ticker = redis.opsForHash().putAll(key(e.getKey()), e.getValue());
                    String tradeId = e.getValue().get("tradeId");
                    Mono<Boolean> checkpoint = tradeId == null ? Mono.just(true)
                            : redis.opsForValue().set(checkpointKey(e.getValue().get("exchange"), e.getKey()), tradeId);
                    return ticker.then(checkpoint);
                })
                .doOnError(e -> log.warn("cannot write tickers to Redis: {}", e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    public Mono<Map<String, String>> find(String symbol) {
        return redis.<String, String>opsForHash().entries(key(symbol))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(map -> !map.isEmpty());
    }

    /** The last trade id written before this process started, so a restart backfills what it missed. */
    public OptionalLong checkpoint(String exchange, String symbol) {
        try {
            String value = redis.opsForValue().get(checkpointKey(exchange, symbol)).block(TIMEOUT);
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
        } catch (RuntimeException e) {
            log.warn("cannot read the trade checkpoint of {} {} from Redis: {}", exchange, symbol, e.toString());
            return OptionalLong.empty();
        }
    }
}
