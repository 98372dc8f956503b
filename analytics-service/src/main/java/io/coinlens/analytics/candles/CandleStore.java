package io.coinlens.analytics.candles;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The candle state of a task's symbols, decoded, in front of a logged key-value store (RocksDB and its changelog).
 * A change is encoded and written through only when Kafka Streams flushes its caches, which it does before every
 * commit ({@link #flushCache}; {@link #flush} comes after the commit, and not after every one): RocksDB and the
 * changelog get one write per changed symbol per commit instead of one per trade, and the changelog holds every
 * trade whose offset a commit includes. Same bytes, store name and changelog as the plain key-value store it
 * replaces, so existing state restores unchanged.
 *
 * <p>It implements Kafka Streams' internal {@link CachedStateStore} for that pre-commit call, as Kafka's own caching
 * stores do; the crash-safety integration test fails if a Kafka upgrade stops calling it before commits.
 */
public final class CandleStore implements StateStore, CachedStateStore<String, byte[]> {

    private final KeyValueStore<String, byte[]> inner;
    private final Map<String, SymbolCandles> symbols = new HashMap<>();
    /** Changed since the last flush, with the timestamp of the record that changed it last. */
    private final Map<String, Long> changed = new LinkedHashMap<>();
    private StateStoreContext context;

    CandleStore(KeyValueStore<String, byte[]> inner) {
        this.inner = inner;
    }

    public static StoreBuilder<CandleStore> builder(KeyValueBytesStoreSupplier supplier) {
        return new Builder(Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray()));
    }

    /** Reads every symbol from the store; call once restoration is over, i.e. from the processor's init. */
    void load() {
        symbols.clear();
        changed.clear();
        try (KeyValueIterator<String, byte[]> all = inner.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                symbols.put(entry.key, SymbolCandles.fromBytes(entry.value));
            }
        }
    }

    SymbolCandles get(String key) {
        return symbols.get(key);
    }

    Set<Map.Entry<String, SymbolCandles>> all() {
        return Collections.unmodifiableMap(symbols).entrySet();
    }

    /** Records that a symbol's state changed (or is new); it is written at the next flush. */
    void changed(String key, SymbolCandles state, long timestamp) {
        symbols.put(key, state);
        changed.put(key, timestamp);
    }

    /** Kafka Streams calls this before every commit. */
    @Override
    public void flushCache() {
        if (!changed.isEmpty()) {
            InternalProcessorContext<?, ?> internal = context instanceof InternalProcessorContext<?, ?> c ? c : null;
            ProcessorRecordContext current = internal == null ? null : internal.recordContext();
            try {
                for (Map.Entry<String, Long> entry : changed.entrySet()) {
                    if (internal != null) {
                        // The changelog record takes its timestamp from the record context, as in Kafka's own cache.
                        internal.setRecordContext(new ProcessorRecordContext(entry.getValue(), -1L, -1, null,
                                new RecordHeaders()));
                    }
                    inner.put(entry.getKey(), symbols.get(entry.getKey()).toBytes());
                }
            } finally {
                if (internal != null) {
                    internal.setRecordContext(current);
                }
            }
            changed.clear();
        }
    }

    /** After a failed commit: the task is closed dirty and its state restored from the changelog. */
    @Override
    public void clearCache() {
        symbols.clear();
        changed.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        this.context = context;
        symbols.clear();
        changed.clear();
        inner.init(context, root);
    }

    @Override
    public void close() {
        // A close without flush is a dirty close: whatever was not flushed is not committed either.
        symbols.clear();
        changed.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    private static final class Builder implements StoreBuilder<CandleStore> {

        private final StoreBuilder<KeyValueStore<String, byte[]>> inner;

        Builder(StoreBuilder<KeyValueStore<String, byte[]>> inner) {
            this.inner = inner;
        }

        @Override
        public StoreBuilder<CandleStore> withCachingEnabled() {
            throw new UnsupportedOperationException("the candle store is its own cache");
        }

        @Override
        public StoreBuilder<CandleStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CandleStore> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<CandleStore> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public CandleStore build() {
            return new CandleStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
