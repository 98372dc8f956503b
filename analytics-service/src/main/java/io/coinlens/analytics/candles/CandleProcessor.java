package io.coinlens.analytics.candles;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.DecodeResult;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.TradeRecorded;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Builds candles of every interval from trades by trade time. A 1m candle closes once stream time (the latest trade
 * time this task has seen) passes its end plus the grace period; a longer candle closes at the same point of its own
 * end, i.e. together with its last 1m candle. Open candles are republished at most once per update interval.
 *
 * <p>Symbol state lives decoded in {@link CandleStore}, which writes it through to RocksDB and the changelog once
 * per commit rather than once per trade.
 */
public final class CandleProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    public static final String STATE_STORE = "candle-state";
    public static final String CLOCK_STORE = "candle-clock";
    /** Spring Kafka's dead-letter header names, so its tooling reads our dead letters too. */
    static final String DLT_ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String DLT_ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String DLT_ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    private static final String STREAM_TIME = "stream-time";
    private static final byte[] CANDLE_TYPE = EventType.CANDLE_UPDATED.id().getBytes(StandardCharsets.UTF_8);

    private final EventCodec codec;
    private final long grace;
    private final Duration updateInterval;
    private final TradeMetrics metrics;
    private final String deadLetterChild;
    private final Set<String> candleChildren;

    private ProcessorContext<byte[], byte[]> context;
    private CandleStore store;
    private KeyValueStore<String, Long> clock;
    private long streamTime = Long.MIN_VALUE;
    private long scannedHorizon = Long.MIN_VALUE;
    /** Symbols with candle changes not yet published; losing it in a crash only delays an open-candle update. */
    private final Set<String> dirty = new LinkedHashSet<>();

    public CandleProcessor(EventCodec codec, Duration grace, Duration updateInterval, TradeMetrics metrics,
            String deadLetterChild, Set<String> candleChildren) {
        this.codec = codec;
        this.grace = grace.toMillis();
        this.updateInterval = updateInterval;
        this.metrics = metrics;
        this.deadLetterChild = deadLetterChild;
        this.candleChildren = candleChildren;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STATE_STORE);
        this.clock = context.getStateStore(CLOCK_STORE);
        // Runs after restoration, and again when a task is revived after its state was wiped.
        store.load();
        dirty.clear();
        scannedHorizon = Long.MIN_VALUE;
        Long saved = clock.get(STREAM_TIME);
        streamTime = saved == null ? Long.MIN_VALUE : saved;
        context.schedule(updateInterval, PunctuationType.WALL_CLOCK_TIME, this::publishOpenCandles);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        DecodeResult<TradeRecorded> decoded = codec.decode(record.value(), TradeRecorded.class);
        if (decoded instanceof DecodeResult.Rejected<TradeRecorded> rejected) {
            metrics.rejected().increment();
            deadLetter(record, rejected.reason());
            return;
        }
        TradeRecorded trade = ((DecodeResult.Accepted<TradeRecorded>) decoded).event();
        String key = trade.exchange() + ":" + trade.symbol();
        SymbolCandles state = store.get(key);
        if (state == null) {
            state = new SymbolCandles(trade.exchange(), trade.symbol());
        }
        if (state.window.seen(trade.tradeId())) {
            metrics.duplicate().increment();
            return;
        }
        long minute = Interval.M1.openTimeOf(trade.tradeTime());
        if (streamTime != Long.MIN_VALUE && minute + Interval.M1.millis() + grace <= streamTime) {
            metrics.late().increment();
            deadLetter(record, "late: candle " + minute + " closed at stream time " + streamTime + " (grace "
                    + grace + " ms), trade " + trade.tradeId() + " at " + trade.tradeTime());
            return;
        }
        state.window.firstSeen(trade.tradeId());
        for (Interval interval : Interval.values()) {
            CandleAggregate candle = state.open(interval)
                    .computeIfAbsent(interval.openTimeOf(trade.tradeTime()), CandleAggregate::new);
            if (interval == Interval.M1) {
                candle.addTrade(trade.tradeId(), trade.price(), trade.quantity());
            } else {
                candle.dirty = true;
            }
        }
        store.changed(key, state, record.timestamp());
        dirty.add(key);
        metrics.counted().increment();
        if (trade.tradeTime() > streamTime) {
            streamTime = trade.tradeTime();
            clock.put(STREAM_TIME, streamTime);
            closeDueCandles(record.timestamp());
        }
    }

    /** Closes every candle whose end plus grace stream time has passed, in every symbol of this task. */
    private void closeDueCandles(long timestamp) {
        long horizon = Interval.M1.openTimeOf(streamTime - grace);
        if (horizon <= scannedHorizon) {
            return;
        }
        scannedHorizon = horizon;
        for (Map.Entry<String, SymbolCandles> entry : store.all()) {
            if (close(entry.getValue(), streamTime - grace, timestamp)) {
                store.changed(entry.getKey(), entry.getValue(), timestamp);
            }
        }
    }

    private boolean close(SymbolCandles state, long horizon, long timestamp) {
        boolean changed = false;
        TreeMap<Long, CandleAggregate> minutes = state.open(Interval.M1);
        while (!minutes.isEmpty() && minutes.firstKey() + Interval.M1.millis() <= horizon) {
            CandleAggregate minute = minutes.pollFirstEntry().getValue();
            publish(state, Interval.M1, minute, true, timestamp);
            for (Interval interval : Interval.values()) {
                if (interval != Interval.M1) {
                    state.open(interval).computeIfAbsent(interval.openTimeOf(minute.openTime), CandleAggregate::new)
                            .merge(minute);
                }
            }
            changed = true;
        }
        for (Interval interval : Interval.values()) {
            TreeMap<Long, CandleAggregate> candles = state.open(interval);
            while (interval != Interval.M1 && !candles.isEmpty()
                    && candles.firstKey() + interval.millis() <= horizon) {
                CandleAggregate candle = candles.pollFirstEntry().getValue();
                if (!candle.isEmpty()) {
                    publish(state, interval, candle, true, timestamp);
                }
                changed = true;
            }
        }
        return changed;
    }

    private void publishOpenCandles(long timestamp) {
        for (String key : dirty) {
            SymbolCandles state = store.get(key);
            if (state == null) {
                continue;
            }
            boolean changed = false;
            for (Interval interval : Interval.values()) {
                for (CandleAggregate candle : state.open(interval).values()) {
                    if (candle.dirty) {
                        candle.dirty = false;
                        publish(state, interval, candle, false, timestamp);
                        changed = true;
                    }
                }
            }
            if (changed) {
                store.changed(key, state, timestamp);
            }
        }
        dirty.clear();
    }

    private void publish(SymbolCandles state, Interval interval, CandleAggregate candle, boolean closed,
            long timestamp) {
        candle.revision++;
        candle.dirty = false;
        CandleAggregate view = state.current(interval, candle);
        if (view.isEmpty()) {
            return;
        }
        CandleUpdated event = view.toEvent(state.exchange, state.symbol, interval, closed, candle.revision);
        byte[] key = event.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = codec.encode(event);
        for (String child : candleChildren) {
            Headers headers = new RecordHeaders().add(EventHeaders.TYPE_ID, CANDLE_TYPE);
            context.forward(new Record<>(key, value, timestamp, headers), child);
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(EventHeaders.DLT_REASON);
        headers.add(EventHeaders.DLT_REASON, reason.getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent((RecordMetadata meta) -> headers
                .add(DLT_ORIGINAL_TOPIC, meta.topic().getBytes(StandardCharsets.UTF_8))
                .add(DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(meta.partition()).array())
                .add(DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(meta.offset()).array()));
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), deadLetterChild);
    }

}
