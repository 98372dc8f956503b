package io.coinlens.analytics.correlation;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.DecodeResult;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Live correlations between symbols: closed candles from {@code market.candles.v1} → re-keyed by pair → aligned and
 * correlated per pair → {@code analytics.correlations.v1}.
 *
 * <p>Why a Kafka Streams sub-topology re-keyed by pair, and not a plain listener with its own consumer group: the
 * candle topic is partitioned by symbol, so a consumer group would hand the two symbols of a pair to different
 * instances. Re-keying through a repartition topic (created and managed by Kafka Streams) puts both symbols of a pair
 * in one task, so instances split the pairs between them; the state is a changelogged store committed with the input
 * offsets and the output (exactly-once, like the rest of the topology), so a restart or a rebalance restores it and
 * publishes no value twice or wrongly, with no restore code of our own. A new deployment starts from the earliest
 * retained candles; a pair added later starts with the candles after its addition and publishes once
 * {@code period + 1} aligned closes have arrived (a warm-up, not a wrong value).
 */
public final class CorrelationTopology {

    static final String CANDLES = "correlation-candles";
    static final String ROUTE = "correlation-route";
    /** Also the name of the repartition topic: {@code <application id>-correlation-pairs-repartition}. */
    static final String PAIRS = "correlation-pairs";
    static final String CORRELATE = "correlations";
    static final String OUT = "correlation-out";

    private CorrelationTopology() {
    }

    public static void addTo(StreamsBuilder builder, List<CorrelationPair> pairs, int period, EventCodec codec,
            Function<String, KeyValueBytesStoreSupplier> stores) {
        Map<String, List<String>> routes = new HashMap<>();
        for (CorrelationPair pair : new LinkedHashSet<>(pairs)) {
            routes.computeIfAbsent(pair.symbol() + ":" + pair.interval().code(), k -> new ArrayList<>())
                    .add(pair.key());
            routes.computeIfAbsent(pair.otherSymbol() + ":" + pair.interval().code(), k -> new ArrayList<>())
                    .add(pair.key());
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.apply(CorrelationProcessor.STATE_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.stream(Topic.CANDLES.topicName(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(CANDLES))
                .flatMap((key, value) -> route(routes, codec, key, value), Named.as(ROUTE))
                .repartition(Repartitioned.<String, byte[]>as(PAIRS)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()))
                .process(() -> new CorrelationProcessor(codec, period), Named.as(CORRELATE),
                        CorrelationProcessor.STATE_STORE)
                .to(Topic.CORRELATIONS.topicName(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(OUT));
    }

    /** A closed candle of a symbol in some pairs, once per pair; anything else, nothing. */
    static List<KeyValue<String, byte[]>> route(Map<String, List<String>> routes, EventCodec codec, String key,
            byte[] value) {
        List<String> pairKeys = key == null ? null : routes.get(key);
        if (pairKeys == null) {
            return List.of();
        }
        // A candle that breaks its contract is dead-lettered by the history listener; here it is only skipped.
        if (!(codec.decode(value, CandleUpdated.class) instanceof DecodeResult.Accepted<CandleUpdated> accepted)
                || !accepted.event().closed()) {
            return List.of();
        }
        List<KeyValue<String, byte[]>> routed = new ArrayList<>(pairKeys.size());
        for (String pairKey : pairKeys) {
            routed.add(KeyValue.pair(pairKey, value));
        }
        return routed;
    }
}
