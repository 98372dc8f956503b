package io.coinlens.portfolio.alert;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
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
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AlertIntegrationTests extends PortfolioIntegrationTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.redis.core.ReactiveStringRedisTemplate redis;

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void tradesFireAnAlertOnceThenAgainOnlyAfterThePriceLeftTheBandAndEachFiringIsPublished() throws Exception {
        String symbol = "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "-USDT";
        String user = newUser();
        String alertId = (String) ok(call(HttpMethod.POST, "/api/v1/alerts", user, Map.of("symbol", symbol,
                "direction", "ABOVE", "threshold", "100", "hysteresis", "5")), 201).get("id");

        // 101 fires; 102 and 96 are within the band; 94 re-arms; 103 fires again.
        trades(symbol, "99", "101", "102", "96", "94", "103");
        await().atMost(Duration.ofSeconds(30)).until(() -> history(user, false).size() == 2);
        List<Map<String, Object>> history = history(user, false);
        assertThat(history).extracting(e -> e.get("observed")).containsExactly("103", "101");
        assertThat(history.get(0)).containsEntry("alertId", alertId).containsEntry("threshold", "100")
                .containsEntry("message", symbol + " rose to 103 (at or above 100)");

        web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(metrics -> assertThat(metrics).containsPattern("coinlens_alerts_fired_total\\{[^}]*} [1-9]"));

        List<AlertTriggered> published = published(user, 2);
        assertThat(published).extracting(AlertTriggered::observed)
                .containsExactly(new BigDecimal("101"), new BigDecimal("103"));
        assertThat(published).allSatisfy(e -> assertThat(e).extracting(AlertTriggered::alertId, AlertTriggered::kind,
                AlertTriggered::symbol).containsExactly(alertId, "price_above", symbol));

        String eventId = (String) history.get(1).get("id");
        Map<String, Object> acknowledged = ok(call(HttpMethod.POST, "/api/v1/alerts/history/" + eventId + "/acknowledge",
                user, null), 200);
        assertThat(acknowledged.get("acknowledgedAt")).isNotNull();
        assertThat(history(user, true)).extracting(e -> e.get("observed")).containsExactly("103");

        String intruder = newUser();
        problem(call(HttpMethod.GET, "/api/v1/alerts/" + alertId, intruder, null), 404);
        problem(call(HttpMethod.DELETE, "/api/v1/alerts/" + alertId, intruder, null), 404);
        problem(call(HttpMethod.POST, "/api/v1/alerts/history/" + eventId + "/acknowledge", intruder, null), 404);
        assertThat(history(intruder, false)).isEmpty();

        call(HttpMethod.DELETE, "/api/v1/alerts/" + alertId, user, null).expectStatus().isNoContent();
        assertThat(history(user, false)).isEmpty();
    }

    @Test
    void anAlertWhoseConditionAlreadyHoldsSaysSoAndWaitsForAFreshCrossing() throws Exception {
        String symbol = "B" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "-USDT";
        String user = newUser();
        redis.opsForHash().putAll("md:ticker:" + symbol, Map.of("exchange", "binance", "price", "120",
                "tradeTime", Long.toString(System.currentTimeMillis()), "tradeId", "1", "quantity", "1")).block();
        Map<String, Object> created = ok(call(HttpMethod.POST, "/api/v1/alerts", user, Map.of("symbol", symbol,
                "direction", "ABOVE", "threshold", "100", "hysteresis", "5")), 201);
        assertThat(created).containsEntry("conditionHoldsNow", true).containsEntry("priceNow", "120")
                .containsEntry("armed", false).containsKey("id");

        awaitTradeListenerLive();
        // 121 is the condition that already held: no stale firing. 94 re-arms; 104 crosses afresh.
        trades(symbol, "121", "94", "104");
        await().atMost(Duration.ofSeconds(30)).until(() -> history(user, false).size() == 1);
        assertThat(history(user, false)).extracting(e -> e.get("observed")).containsExactly("104");

        Map<String, Object> fresh = ok(call(HttpMethod.POST, "/api/v1/alerts", user, Map.of("symbol", symbol,
                "direction", "ABOVE", "threshold", "200")), 201);
        assertThat(fresh).containsEntry("conditionHoldsNow", false).containsEntry("armed", true);
    }

    @Test
    void aPoisonTradeIsDeadLetteredAndTheTradesAroundItAreStillEvaluated() throws Exception {
        String symbol = "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "-USDT";
        String user = newUser();
        ok(call(HttpMethod.POST, "/api/v1/alerts", user, Map.of("symbol", symbol, "direction", "ABOVE",
                "threshold", "100", "hysteresis", "5")), 201);
        awaitTradeListenerLive();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>("market.trades.v1", "binance:" + symbol,
                    "{\"exchange\":\"binance\",\"symbol\":\"".concat(symbol).concat("\",\"price\":\"-1\"}")
                            .getBytes(StandardCharsets.UTF_8));
            poison.headers().add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
            producer.send(poison).get();
        }
        // 101 fires, 94 re-arms, 103 fires again: the poison before them stopped nothing.
        trades(symbol, "101", "94", "103");
        await().atMost(Duration.ofSeconds(30)).until(() -> history(user, false).size() == 2);

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("market.trades.v1.dlt"));
            List<String> reasons = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (("binance:" + symbol).equals(record.key())) {
                        reasons.add(new String(record.headers().lastHeader(EventHeaders.DLT_REASON).value(),
                                StandardCharsets.UTF_8));
                    }
                }
                return !reasons.isEmpty();
            });
            assertThat(reasons).hasSize(1);
            assertThat(reasons.get(0)).isNotBlank();
        }
    }

    @Test
    void aPoisonTradeAmongOthersInOnePollIsDeadLetteredAndEveryOtherTradeCountsOnce() throws Exception {
        String symbol = "D" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "-USDT";
        String user = newUser();
        ok(call(HttpMethod.POST, "/api/v1/alerts", user, Map.of("symbol", symbol, "direction", "ABOVE",
                "threshold", "100", "hysteresis", "5")), 201);
        awaitTradeListenerLive();
        // Sent together, so the listener reads them in one poll: 101 fires, the poison, 94 re-arms, 103 fires again.
        long time = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG, 50), new StringSerializer(), new ByteArraySerializer())) {
            String[] prices = {"101", null, "94", "103"};
            for (int i = 0; i < prices.length; i++) {
                byte[] value = prices[i] == null
                        ? ("{\"exchange\":\"binance\",\"symbol\":\"" + symbol + "\",\"price\":\"-1\"}")
                                .getBytes(StandardCharsets.UTF_8)
                        : CODEC.encode(new TradeRecorded("binance", symbol, i + 1, new BigDecimal(prices[i]),
                                BigDecimal.ONE, false, time + i * 1000L, time + i * 1000L + 5));
                ProducerRecord<String, byte[]> record = new ProducerRecord<>("market.trades.v1", "binance:" + symbol,
                        value);
                record.headers().add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> history(user, false).size() == 2);
        assertThat(history(user, false)).extracting(e -> e.get("observed")).containsExactly("103", "101");
        assertThat(published(user, 2)).extracting(AlertTriggered::observed)
                .containsExactly(new BigDecimal("101"), new BigDecimal("103"));

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("market.trades.v1.dlt"));
            List<String> reasons = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (("binance:" + symbol).equals(record.key())) {
                        reasons.add(new String(record.headers().lastHeader(EventHeaders.DLT_REASON).value(),
                                StandardCharsets.UTF_8));
                    }
                }
                return !reasons.isEmpty();
            });
            // Only the poison: the valid trades of that poll were neither dead-lettered nor retried into the DLT.
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                if (("binance:" + symbol).equals(record.key())) {
                    reasons.add("another");
                }
            });
            assertThat(reasons).hasSize(1);
            assertThat(reasons.get(0)).startsWith("TradeRecorded: ");
        }
        // Nothing fired a third time, however the poll was split and redelivered.
        assertThat(history(user, false)).hasSize(2);
    }

    @Test
    void invalidAlertsAreRefusedNamingTheField() {
        Map<String, Object> problem = problem(call(HttpMethod.POST, "/api/v1/alerts", newUser(),
                Map.of("symbol", "BTC-USDT", "direction", "ABOVE", "threshold", "-1")), 400);
        assertThat(fields(problem)).containsExactly("threshold");
        assertThat(fields(problem(call(HttpMethod.POST, "/api/v1/alerts", newUser(),
                Map.of("symbol", "btc", "direction", "ABOVE", "threshold", "1")), 400))).containsExactly("symbol");
    }

    /** The trade listener starts at the newest offset once assigned: a probe alert shows it is reading. */
    private void awaitTradeListenerLive() throws Exception {
        String probe = "P" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "-USDT";
        String prober = newUser();
        ok(call(HttpMethod.POST, "/api/v1/alerts", prober, Map.of("symbol", probe, "direction", "ABOVE",
                "threshold", "1")), 201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            trades(probe, "2");
            return !history(prober, false).isEmpty();
        });
        assertThat(history(prober, false)).as("the trade listener never fired the probe alert").hasSize(1);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> history(String user, boolean unacknowledged) {
        return JSON.readValue(call(HttpMethod.GET, "/api/v1/alerts/history?unacknowledged=" + unacknowledged, user, null)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), List.class);
    }

    private static void trades(String symbol, String... prices) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            long time = System.currentTimeMillis() - 60_000;
            for (int i = 0; i < prices.length; i++) {
                TradeRecorded trade = new TradeRecorded("binance", symbol, i + 1, new BigDecimal(prices[i]),
                        BigDecimal.ONE, false, time + i * 1000L, time + i * 1000L + 5);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>("market.trades.v1", trade.key(),
                        CODEC.encode(trade));
                record.headers().add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
    }

    private static List<AlertTriggered> published(String user, int expected) {
        List<AlertTriggered> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "alerts-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("portfolio.alerts.v1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (user.equals(record.key())) {
                        assertThat(new String(record.headers().lastHeader(EventHeaders.TYPE_ID).value(),
                                StandardCharsets.UTF_8)).isEqualTo("AlertTriggered");
                        events.add(CODEC.decode(record.value(), AlertTriggered.class).orElseThrow());
                    }
                }
                return events.size() >= expected;
            });
        }
        events.sort(java.util.Comparator.comparingLong(AlertTriggered::triggeredAt));
        return events;
    }
}
