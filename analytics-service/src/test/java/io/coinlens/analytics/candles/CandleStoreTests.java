package io.coinlens.analytics.candles;

import io.coinlens.contracts.Interval;
import java.math.BigDecimal;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CandleStoreTests {

    private static final String KEY = "binance:BTC-USDT";

    private KeyValueStore<String, byte[]> inner;
    private CandleStore store;

    @BeforeEach
    void open() {
        inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("candle-state"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store = new CandleStore(inner);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void writesAChangedSymbolThroughOnlyWhenCachesAreFlushedBeforeACommit() {
        SymbolCandles state = new SymbolCandles("binance", "BTC-USDT");
        for (long id = 1; id <= 100; id++) {
            trade(state, id, "100." + id);
            store.changed(KEY, state, id);
        }
        assertThat(inner.get(KEY)).as("nothing written before the flush").isNull();
        assertThat(store.get(KEY)).isSameAs(state);

        // What Kafka Streams calls before every commit, for caching stores only (flush comes after the commit).
        CachedStateStore<?, ?> cached = store;
        cached.flushCache();
        assertThat(inner.get(KEY)).isEqualTo(state.toBytes());
    }

    @Test
    void loadsWhatWasFlushedAndForgetsWhatWasNot() {
        SymbolCandles flushed = new SymbolCandles("binance", "BTC-USDT");
        trade(flushed, 1, "100");
        store.changed(KEY, flushed, 1);
        store.flushCache();
        trade(flushed, 2, "101");
        store.changed(KEY, flushed, 2);
        SymbolCandles unflushed = new SymbolCandles("binance", "ETH-USDT");
        trade(unflushed, 1, "3000");
        store.changed("binance:ETH-USDT", unflushed, 1);

        // What a revived task sees: the store as of the last flush, i.e. the last commit.
        store.load();
        assertThat(store.get("binance:ETH-USDT")).isNull();
        SymbolCandles loaded = store.get(KEY);
        assertThat(loaded.window.seen(1)).isTrue();
        assertThat(loaded.window.seen(2)).isFalse();
        CandleAggregate minute = loaded.open(Interval.M1).firstEntry().getValue();
        assertThat(minute.trades).isEqualTo(1);
        assertThat(minute.close).isEqualByComparingTo("100");
        assertThat(store.all()).hasSize(1);
    }

    private static void trade(SymbolCandles state, long id, String price) {
        state.window.firstSeen(id);
        state.open(Interval.M1).computeIfAbsent(0L, CandleAggregate::new)
                .addTrade(id, new BigDecimal(price), BigDecimal.ONE);
    }
}
