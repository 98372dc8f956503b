package io.coinlens.marketdata.config;

import com.binance.connector.client.impl.SpotClientImpl;
import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.Symbols;
import io.coinlens.marketdata.binance.BinanceBackfill;
import io.coinlens.marketdata.binance.BinanceFrames;
import io.coinlens.marketdata.binance.BinanceStreams;
import io.coinlens.marketdata.binance.RequestWeightBudget;
import io.coinlens.marketdata.coinbase.CoinbaseFrames;
import io.coinlens.marketdata.coinbase.CoinbaseStreams;
import io.coinlens.marketdata.ingest.IngestionMetrics;
import io.coinlens.marketdata.ingest.TradePublisher;
import io.coinlens.marketdata.ingest.TradeSequencer;
import io.coinlens.marketdata.stream.StreamHandler;
import io.coinlens.marketdata.stream.StreamHub;
import io.coinlens.marketdata.stream.StreamMetrics;
import io.coinlens.marketdata.ticker.TickerStore;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IngestionConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** Trades are small and many: batch and compress, idempotently, acknowledged by every in-sync replica. */
    @Bean
    KafkaTemplate<String, byte[]> tradesTemplate(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new ByteArraySerializer()));
    }

    @Bean
    TickerStore tickerStore(ReactiveStringRedisTemplate redis) {
        return new TickerStore(redis);
    }

    @Bean
    TickerFlush tickerFlush(TickerStore store) {
        return new TickerFlush(store);
    }

    static class TickerFlush {
        private final TickerStore store;

        TickerFlush(TickerStore store) {
            this.store = store;
        }

        @Scheduled(fixedDelayString = "${coinlens.market-data.tickers.flush-interval:250ms}")
        void flush() {
            store.flush().block(java.time.Duration.ofSeconds(5));
        }
    }

    @Bean
    BinanceFrames binanceFrames(MarketDataProperties properties) {
        return new BinanceFrames(properties.binance().symbols().stream()
                .collect(Collectors.toMap(Symbols::toNative, Function.identity())));
    }

    /** historicalTrades needs an API key but no signature: the secret is never used, yet the connector wants one. */
    static SpotClientImpl spotClient(MarketDataProperties.Binance binance) {
        SpotClientImpl client = binance.apiKey().isBlank() ? new SpotClientImpl(binance.restUrl())
                : new SpotClientImpl(binance.apiKey(), "unused-no-signed-endpoints", binance.restUrl());
        // Answers carry X-MBX-USED-WEIGHT-1M, which BinanceBackfill feeds to the shared budget.
        client.setShowLimitUsage(true);
        return client;
    }

    @Bean
    StreamHandler streamHandler(MarketDataProperties properties, StreamHub hub, StreamMetrics metrics) {
        return new StreamHandler(properties.stream(), Set.copyOf(properties.symbols()), hub, metrics);
    }

    @Bean
    @ConditionalOnProperty(name = "coinlens.market-data.binance.enabled", matchIfMissing = true)
    BinanceStreams binanceStreams(MarketDataProperties properties, BinanceFrames frames, TickerStore tickers,
            KafkaTemplate<String, byte[]> tradesTemplate, EventCodec codec, IngestionMetrics metrics,
            ReactiveStringRedisTemplate redis, Clock clock) {
        MarketDataProperties.Binance binance = properties.binance();
        RequestWeightBudget budget = new RequestWeightBudget(redis, binance.weightPerMinute(), clock);
        BinanceBackfill backfill = new BinanceBackfill(spotClient(binance), frames, budget, clock);
        TradePublisher publisher = new TradePublisher(tradesTemplate, codec, metrics, tickers::onTrade);
        TradeSequencer sequencer = new TradeSequencer(BinanceFrames.EXCHANGE, backfill, publisher, metrics,
                symbol -> tickers.checkpoint(BinanceFrames.EXCHANGE, symbol), binance.backfillMaxTrades(),
                binance.backfillBufferTrades());
        return new BinanceStreams(binance, new WebSocketStreamClientImpl(binance.streamUrl()), frames, sequencer,
                tickers, metrics, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "coinlens.market-data.coinbase.enabled", matchIfMissing = true)
    CoinbaseStreams coinbaseStreams(MarketDataProperties properties, TickerStore tickers,
            KafkaTemplate<String, byte[]> tradesTemplate, EventCodec codec, IngestionMetrics metrics, Clock clock) {
        MarketDataProperties.Coinbase coinbase = properties.coinbase();
        TradePublisher publisher = new TradePublisher(tradesTemplate, codec, metrics, tickers::onTrade);
        // No REST history by id here: a gap is reported lost (metric and log) by the sequencer.
        TradeSequencer sequencer = new TradeSequencer(CoinbaseFrames.EXCHANGE, (symbol, fromId, limit) -> List.of(),
                publisher, metrics, symbol -> tickers.checkpoint(CoinbaseFrames.EXCHANGE, symbol),
                properties.binance().backfillMaxTrades());
        WebSocketClient client = new ReactorNettyWebSocketClient(HttpClient.create(),
                () -> WebsocketClientSpec.builder().maxFramePayloadLength(COINBASE_MAX_FRAME));
        return new CoinbaseStreams(coinbase, client, new CoinbaseFrames(Set.copyOf(coinbase.products())), sequencer,
                tickers, metrics, clock);
    }

    /** Netty's default of 64 kB is too small for some Coinbase snapshots (many products in one message). */
    private static final int COINBASE_MAX_FRAME = 1 << 20;
}
