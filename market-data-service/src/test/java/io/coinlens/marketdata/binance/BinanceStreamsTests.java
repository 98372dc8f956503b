package io.coinlens.marketdata.binance;

import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import com.binance.connector.client.utils.websocketcallback.WebSocketClosedCallback;
import com.binance.connector.client.utils.websocketcallback.WebSocketClosingCallback;
import com.binance.connector.client.utils.websocketcallback.WebSocketFailureCallback;
import com.binance.connector.client.utils.websocketcallback.WebSocketMessageCallback;
import com.binance.connector.client.utils.websocketcallback.WebSocketOpenCallback;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.marketdata.config.MarketDataProperties;
import io.coinlens.marketdata.ingest.IngestionMetrics;
import io.coinlens.marketdata.ingest.TradeSequencer;
import io.coinlens.marketdata.ingest.TradeSink;
import io.coinlens.marketdata.ticker.TickerStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Shards started one by one; a connection that goes silent without closing, or that the exchange closes, is replaced. */
class BinanceStreamsTests {

    final List<List<String>> opened = new CopyOnWriteArrayList<>();
    final List<WebSocketMessageCallback> onMessage = new CopyOnWriteArrayList<>();
    final List<WebSocketClosingCallback> onClosing = new CopyOnWriteArrayList<>();
    final List<Integer> closed = new CopyOnWriteArrayList<>();
    final List<TradeRecorded> published = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BinanceStreams streams;
    TradeSink slowSink = trade -> { };

    /** Connects nowhere: records what the streams ask of the connector. */
    final WebSocketStreamClientImpl client = new WebSocketStreamClientImpl("ws://127.0.0.1:1") {
        @Override
        public int combineStreams(ArrayList<String> names, WebSocketOpenCallback open, WebSocketMessageCallback message,
                WebSocketClosingCallback closing, WebSocketClosedCallback closedCallback, WebSocketFailureCallback failure) {
            opened.add(List.copyOf(names));
            onMessage.add(message);
            onClosing.add(closing);
            return opened.size();
        }

        @Override
        public void closeConnection(int connectionId) {
            closed.add(connectionId);
        }
    };

    @AfterEach
    void close() {
        streams.close();
    }

    @Test
    void eachShardConnectsOnlyWhenStartedAndStopsOnItsOwn() {
        streams = streams(3, Duration.ofMinutes(1), "BTC-USDT", "ETH-USDT", "SOL-USDT");
        assertThat(streams.shards()).hasSize(2);
        assertThat(opened).isEmpty();

        streams.shards().get(1).start();
        assertThat(opened).containsExactly(List.of("solusdt@trade", "!miniTicker@arr"));
        assertThat(streams.shards().get(0).isRunning()).isFalse();

        onMessage.get(0).onMessage(trade("SOLUSDT", 7));
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
        assertThat(published).extracting(TradeRecorded::tradeId).containsExactly(7L);

        streams.shards().get(1).stop();
        assertThat(closed).containsExactly(1);
        onMessage.get(0).onMessage(trade("SOLUSDT", 8));
        assertThat(published).as("nothing from a stopped shard").hasSize(1);
    }

    @Test
    void aConnectionThatFallsSilentIsReplaced() {
        streams = streams(1024, Duration.ofMillis(300), "BTC-USDT");
        streams.shards().get(0).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> opened.size() >= 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> closed.contains(1));
        assertThat(registry.get("coinlens.ingest.reconnects").tag("reason", "idle").counter().count()).isPositive();
    }

    /** Handling a trade waits here (Kafka slow, the CPU busy) while the connection keeps delivering. */
    @Test
    void theConnectionIsReadAheadWhileEarlierFramesAreStillBeingHandled() throws Exception {
        CountDownLatch handlingMayGoOn = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        slowSink = trade -> {
            if (trade.tradeId() == 1) {
                awaitQuietly(handlingMayGoOn);
            }
            events.add("handled " + trade.tradeId());
        };
        streams = streams(1024, Duration.ofMinutes(1), "BTC-USDT");
        streams.shards().get(0).start();
        for (long id = 1; id <= 5; id++) {
            onMessage.get(0).onMessage(trade("BTCUSDT", id));
            events.add("read " + id);
        }
        handlingMayGoOn.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 5);
        assertThat(published).extracting(TradeRecorded::tradeId).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).as("frames 2-5 were read before frame 1 was handled").containsSubsequence("read 5", "handled 1");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** As Binance cuts a slow consumer (1008): the connector only reports the close, nothing else would follow. */
    @Test
    void aConnectionTheExchangeClosesIsClosedOnOurSideAndReplacedAtOnce() {
        streams = streams(1024, Duration.ofMinutes(1), "BTC-USDT");
        streams.shards().get(0).start();
        onClosing.get(0).onClosing(1008, "client too slow");

        assertThat(closed).containsExactly(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> opened.size() == 2);
        assertThat(registry.get("coinlens.ingest.reconnects").tag("reason", "closed").counter().count()).isEqualTo(1);
    }

    private BinanceStreams streams(int streamsPerConnection, Duration idleTimeout, String... symbols) {
        MarketDataProperties.Binance settings = new MarketDataProperties.Binance(true, "ws://unused", "http://unused",
                "", List.of(symbols), streamsPerConnection, Duration.ofHours(23), Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofSeconds(1), 1000, 1000, 5000, idleTimeout, 1000);
        BinanceFrames frames = new BinanceFrames(Map.of("BTCUSDT", "BTC-USDT", "ETHUSDT", "ETH-USDT", "SOLUSDT", "SOL-USDT"));
        IngestionMetrics metrics = new IngestionMetrics(registry);
        TradeSequencer sequencer = new TradeSequencer(BinanceFrames.EXCHANGE, (s, f, l) -> List.of(), trade -> {
                    slowSink.publish(trade);
                    published.add(trade);
                },
                metrics, s -> OptionalLong.empty(), 1000);
        // Nothing is ever dirty in it, so it never touches Redis.
        TickerStore tickers = new TickerStore(null);
        return new BinanceStreams(settings, client, frames, sequencer, tickers, metrics, Clock.systemUTC());
    }

    private static String trade(String symbol, long id) {
        return "{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":{\"e\":\"trade\",\"E\":1718409600000,\"s\":\""
                + symbol + "\",\"t\":" + id + ",\"p\":\"150.10000000\",\"q\":\"1.00000000\",\"T\":1718409600000,"
                + "\"m\":false,\"M\":true}}";
    }
}
