package io.coinlens.portfolio.alert;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.CoinlensEvent;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.portfolio.support.PortfolioIntegrationTestBase;
import io.coinlens.testing.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.http.HttpMethod;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events onto the bus as their producers write them, and the alert history and AlertTriggered events read back. */
abstract class AlertIntegrationTestBase extends PortfolioIntegrationTestBase {

    protected static final EventCodec CODEC = new EventCodec();

    protected static String newSymbol(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "-USDT";
    }

    protected static void publish(List<? extends CoinlensEvent> events) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (CoinlensEvent event : events) {
                EventType type = EventType.of(event);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic().topicName(), event.key(),
                        CODEC.encode(event));
                record.headers().add(EventHeaders.TYPE_ID, type.id().getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
    }

    /** Trades a second apart, ending a minute ago. */
    protected static void trades(String symbol, String... prices) throws Exception {
        long time = System.currentTimeMillis() - 60_000;
        List<TradeRecorded> trades = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            trades.add(new TradeRecorded("binance", symbol, i + 1, new BigDecimal(prices[i]), BigDecimal.ONE, false,
                    time + i * 1000L, time + i * 1000L + 5));
        }
        publish(trades);
    }

    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> history(String user) {
        return JSON.readValue(call(HttpMethod.GET, "/api/v1/alerts/history?limit=500", user, null)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), List.class);
    }

    protected List<Map<String, Object>> awaitHistory(String user, int size) {
        await().atMost(Duration.ofSeconds(60)).until(() -> history(user).size() >= size);
        return history(user);
    }

    protected String create(String user, Map<String, Object> alert) {
        return (String) ok(call(HttpMethod.POST, "/api/v1/alerts", user, alert), 201).get("id");
    }

    /**
     * Waits until everything published on this symbol's partition so far has been evaluated: trades of one symbol
     * are read in order, and a last trade at a price far below any other fires a fresh user's BELOW alert (it can
     * only re-arm the alerts under test, never fire them).
     */
    protected void drainTrades(String symbol) throws Exception {
        String sentinel = newUser();
        create(sentinel, Map.of("symbol", symbol, "direction", "BELOW", "threshold", "0.000001"));
        trades(symbol, "0.0000001");
        awaitHistory(sentinel, 1);
    }

    /** The AlertTriggered events keyed by this user on portfolio.alerts.v1, oldest first. */
    protected static List<AlertTriggered> published(String user, int expected) {
        List<AlertTriggered> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "alerts-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("portfolio.alerts.v1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (user.equals(record.key())) {
                        events.add(CODEC.decode(record.value(), AlertTriggered.class).orElseThrow());
                    }
                }
                return events.size() >= expected;
            });
        }
        events.sort(Comparator.comparingLong(AlertTriggered::triggeredAt));
        assertThat(events).hasSize(expected);
        return events;
    }
}
