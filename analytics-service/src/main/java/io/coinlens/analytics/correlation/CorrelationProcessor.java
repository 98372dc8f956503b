package io.coinlens.analytics.correlation;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.CorrelationComputed;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's pairs: takes the closed candles of both symbols of a pair (keyed by {@link CorrelationPair#key()}),
 * aligns them in {@link PairCorrelation}, kept per pair in a changelogged store, and publishes each settled value as
 * {@link CorrelationComputed}.
 */
public final class CorrelationProcessor implements Processor<String, byte[], byte[], byte[]> {

    public static final String STATE_STORE = "correlation-state";
    private static final byte[] TYPE = EventType.CORRELATION_COMPUTED.id().getBytes(StandardCharsets.UTF_8);

    private final EventCodec codec;
    private final int period;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;

    public CorrelationProcessor(EventCodec codec, int period) {
        this.codec = codec;
        this.period = period;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STATE_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CorrelationPair pair = CorrelationPair.fromKey(record.key());
        // Routed here only after it was decoded and accepted.
        CandleUpdated candle = codec.decode(record.value(), CandleUpdated.class).orElseThrow();
        byte[] saved = store.get(record.key());
        PairCorrelation state = saved == null ? new PairCorrelation(period) : PairCorrelation.restore(saved, period);
        for (PairCorrelation.Value value : state.add(candle.symbol().equals(pair.symbol()), candle.openTime(),
                candle.close().doubleValue())) {
            CorrelationComputed event = new CorrelationComputed(pair.symbol(), pair.otherSymbol(), pair.interval(),
                    value.openTime(), period, value.correlation());
            RecordHeaders headers = new RecordHeaders();
            headers.add(EventHeaders.TYPE_ID, TYPE);
            context.forward(new Record<>(event.key().getBytes(StandardCharsets.UTF_8), codec.encode(event),
                    record.timestamp(), headers));
        }
        store.put(record.key(), state.snapshot());
    }
}
