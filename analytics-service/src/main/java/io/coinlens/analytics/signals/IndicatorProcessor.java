package io.coinlens.analytics.signals;

import io.coinlens.analytics.indicators.IndicatorSet;
import io.coinlens.analytics.indicators.IndicatorSpec;
import io.coinlens.analytics.indicators.IndicatorValues;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.CoinlensEvent;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import io.coinlens.contracts.IndicatorsComputed;
import io.coinlens.contracts.SignalRaised;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Indicators per (exchange, symbol, interval) from the candles the candle processor emits: a closed candle commits
 * ({@link IndicatorSet#update}) and may raise signals, an open one only peeks (provisional values).
 */
public final class IndicatorProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    public static final String STATE_STORE = "indicator-state";

    /** The default set plus the long moving averages the golden and death crosses compare. */
    public static List<IndicatorSpec> specs() {
        List<IndicatorSpec> specs = new ArrayList<>(IndicatorSpec.defaults());
        specs.add(IndicatorSpec.sma(50));
        specs.add(IndicatorSpec.sma(200));
        return List.copyOf(specs);
    }

    private final EventCodec codec;
    private final String indicatorChild;
    private final String signalChild;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> store;

    public IndicatorProcessor(EventCodec codec, String indicatorChild, String signalChild) {
        this.codec = codec;
        this.indicatorChild = indicatorChild;
        this.signalChild = signalChild;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STATE_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        // The candle processor encoded it a moment ago, so it cannot be rejected.
        CandleUpdated candle = codec.decode(record.value(), CandleUpdated.class).orElseThrow();
        String key = candle.exchange() + ":" + candle.symbol() + ":" + candle.interval().code();
        byte[] saved = store.get(key);
        IndicatorSet set;
        SignalDetector detector;
        if (saved == null) {
            set = IndicatorSet.of(candle.interval(), specs());
            detector = new SignalDetector();
        } else {
            ByteBuffer in = ByteBuffer.wrap(saved);
            byte[] snapshot = new byte[in.getInt()];
            in.get(snapshot);
            byte[] sides = new byte[in.remaining()];
            in.get(sides);
            set = IndicatorSet.restore(snapshot);
            detector = SignalDetector.restore(sides);
        }
        if (candle.openTime() <= set.lastOpenTime()) {
            return; // a late open-candle update for a candle already committed
        }
        double open = candle.open().doubleValue();
        double high = candle.high().doubleValue();
        double low = candle.low().doubleValue();
        double close = candle.close().doubleValue();
        double volume = candle.volume().doubleValue();
        if (!candle.closed()) {
            IndicatorValues values = set.peek(open, high, low, close, volume, candle.openTime());
            send(indicatorChild, record.timestamp(), values(candle, values));
            return;
        }
        IndicatorValues values = set.update(open, high, low, close, volume, candle.openTime());
        send(indicatorChild, record.timestamp(), values(candle, values));
        for (SignalRaised signal : detector.update(candle.symbol(), candle.interval(), close, values)) {
            send(signalChild, record.timestamp(), signal);
        }
        byte[] snapshot = set.snapshot();
        byte[] sides = detector.snapshot();
        store.put(key, ByteBuffer.allocate(4 + snapshot.length + sides.length).putInt(snapshot.length).put(snapshot)
                .put(sides).array());
    }

    private static IndicatorsComputed values(CandleUpdated candle, IndicatorValues values) {
        return new IndicatorsComputed(candle.symbol(), candle.interval(), candle.openTime(), values.provisional(),
                values.toMap());
    }

    private void send(String child, long timestamp, CoinlensEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.TYPE_ID, EventType.of(event).id().getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(event.key().getBytes(StandardCharsets.UTF_8), codec.encode(event), timestamp,
                headers), child);
    }
}
