package io.coinlens.marketdata.stream;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed hands each event to the streams' subscribers, and checks the contract of every event it hands on. */
class StreamFeedTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventCodec codec = new EventCodec();
    private final StreamHub hub = new StreamHub();
    private final StreamFeed feed = new StreamFeed(hub, codec, registry);

    @Test
    void deliversSubscribedStreamsAndRejectsTheirBrokenEventsWithoutDecodingStreamsNobodyListensTo() {
        StreamSession session = new StreamSession("s1", null, 64, status -> { }, new StreamMetrics(registry));
        List<String> received = new CopyOnWriteArrayList<>();
        session.outbound().subscribe(received::add);
        hub.subscribe("btc-usdt@trade", session);

        feed.onEvents(List.of(
                trade("BTC-USDT", codec.encode(new TradeRecorded("binance", "BTC-USDT", 7, new BigDecimal("100.5"),
                        BigDecimal.ONE, false, 1_000, 1_001))),
                trade("BTC-USDT", "{\"not\":\"a trade\"}".getBytes(StandardCharsets.UTF_8)),
                trade("ETH-USDT", codec.encode(new TradeRecorded("binance", "ETH-USDT", 8, new BigDecimal("10"),
                        BigDecimal.ONE, false, 1_000, 1_001))),
                trade("ETH-USDT", "{\"not\":\"a trade\"}".getBytes(StandardCharsets.UTF_8))));

        assertThat(received).singleElement().satisfies(m -> assertThat(m)
                .startsWith("{\"stream\":\"btc-usdt@trade\",\"seq\":1,\"data\":{").contains("\"tradeId\":7"));
        // Only the broken event of the subscribed stream was looked at; nobody would have received the other one.
        assertThat(registry.get("coinlens.stream.events.rejected").counter().count()).isEqualTo(1);
    }

    private static ConsumerRecord<String, byte[]> trade(String symbol, byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topic.TRADES.topicName(), 0, 0, "binance:" + symbol,
                value);
        record.headers().add(EventHeaders.TYPE_ID, EventType.TRADE_RECORDED.id().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
