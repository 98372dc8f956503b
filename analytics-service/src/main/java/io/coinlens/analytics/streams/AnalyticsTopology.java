package io.coinlens.analytics.streams;

import io.coinlens.analytics.candles.CandleProcessor;
import io.coinlens.analytics.candles.CandleStore;
import io.coinlens.analytics.candles.TradeMetrics;
import io.coinlens.analytics.config.AnalyticsProperties;
import io.coinlens.analytics.correlation.CorrelationTopology;
import io.coinlens.analytics.signals.IndicatorProcessor;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.Topic;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * trades → candles (every interval) → indicators → signals, with one dead-letter exit for unusable trades; and closed
 * candles → correlations between symbols ({@link CorrelationTopology}).
 */
public final class AnalyticsTopology {

    static final String TRADES = "trades";
    static final String CANDLES = "candles";
    static final String INDICATORS = "indicators";
    static final String CANDLES_OUT = "candles-out";
    static final String INDICATORS_OUT = "indicators-out";
    static final String SIGNALS_OUT = "signals-out";
    static final String TRADES_DLT = "trades-dlt";

    private AnalyticsTopology() {
    }

    public static Topology build(AnalyticsProperties properties, EventCodec codec, TradeMetrics metrics) {
        return build(properties, codec, metrics, Stores::persistentKeyValueStore);
    }

    /** With other stores, e.g. in-memory ones for tests, where the test driver flushes RocksDB after every record. */
    public static Topology build(AnalyticsProperties properties, EventCodec codec, TradeMetrics metrics,
            Function<String, KeyValueBytesStoreSupplier> stores) {
        // Kafka Streams numbers sub-topologies in the order their nodes were added, and the DSL adds its nodes in
        // build(). Adding the candle nodes first keeps them sub-topology 0, as before the correlations came: its
        // tasks (0_n) keep their meaning and local state across an upgrade.
        StreamsBuilder builder = new StreamsBuilder() {
            {
                addCandles(topology, properties.candles(), codec, metrics, stores);
            }
        };
        AnalyticsProperties.Correlation correlation = properties.correlation();
        CorrelationTopology.addTo(builder, correlation.all(), correlation.period(), codec, stores);
        return builder.build();
    }

    private static void addCandles(Topology topology, AnalyticsProperties.Candles candles, EventCodec codec,
            TradeMetrics metrics, Function<String, KeyValueBytesStoreSupplier> stores) {
        ByteArraySerializer bytes = new ByteArraySerializer();
        topology.addSource(TRADES, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                        Topic.TRADES.topicName())
                .addProcessor(CANDLES, () -> new CandleProcessor(codec, candles.grace(), candles.updateInterval(),
                        metrics, TRADES_DLT, Set.of(CANDLES_OUT, INDICATORS)), TRADES)
                .addProcessor(INDICATORS, () -> new IndicatorProcessor(codec, INDICATORS_OUT, SIGNALS_OUT), CANDLES)
                .addSink(TRADES_DLT, Topic.TRADES.deadLetterTopicName(), bytes, bytes, CANDLES)
                .addSink(CANDLES_OUT, Topic.CANDLES.topicName(), bytes, bytes, CANDLES)
                .addSink(INDICATORS_OUT, Topic.INDICATORS.topicName(), bytes, bytes, INDICATORS)
                .addSink(SIGNALS_OUT, Topic.SIGNALS.topicName(), bytes, bytes, INDICATORS)
                .addStateStore(CandleStore.builder(stores.apply(CandleProcessor.STATE_STORE)), CANDLES)
                // Cached: stream time advances with almost every trade; the cache keeps one write per commit.
                .addStateStore(Stores.keyValueStoreBuilder(stores.apply(CandleProcessor.CLOCK_STORE),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), CANDLES)
                .addStateStore(Stores.keyValueStoreBuilder(
                        stores.apply(IndicatorProcessor.STATE_STORE), Serdes.String(),
                        Serdes.ByteArray()), INDICATORS);
    }
}
