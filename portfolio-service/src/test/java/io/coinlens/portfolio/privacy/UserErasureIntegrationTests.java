package io.coinlens.portfolio.privacy;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.UserDeleted;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** UserDeleted from user-service's outbox, through real Kafka, erases the user's data in real PostgreSQL. */
class UserErasureIntegrationTests extends PortfolioIntegrationTestBase {

    private static final String TOPIC = "user.events.v1";

    @Autowired
    DatabaseClient db;

    @Test
    void aDeletedUsersPortfoliosTransactionsAndWatchlistsAreErasedAndNobodyElses() throws Exception {
        String leaving = newUser();
        String staying = newUser();
        String gone = createPortfolio(leaving, "Gone", "USDT", null, false);
        recorded(leaving, gone, "BUY", "BTC", "1", "100", null, "2026-01-01T00:00:00Z");
        ok(call(HttpMethod.POST, "/api/v1/watchlists", leaving, Map.of("name", "W", "symbols", List.of("BTC-USDT"))), 201);
        ok(call(HttpMethod.POST, "/api/v1/alerts", leaving, Map.of("symbol", "BTC-USDT", "direction", "BELOW",
                "threshold", "1")), 201);
        String kept = createPortfolio(staying, "Kept", "USDT", null, false);
        recorded(staying, kept, "BUY", "ETH", "1", "100", null, "2026-01-01T00:00:00Z");
        ok(call(HttpMethod.POST, "/api/v1/watchlists", staying, Map.of("name", "W", "symbols", List.of("ETH-USDT"))), 201);

        send(leaving, "UserDeleted", new EventCodec().encode(new UserDeleted(leaving, System.currentTimeMillis())));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("portfolios", leaving) == 0);
        assertThat(count("watchlists", leaving)).isZero();
        assertThat(count("alerts", leaving)).isZero();
        assertThat(db.sql("select count(*) from transactions where portfolio_id = :p").bind("p", UUID.fromString(gone))
                .map(row -> row.get(0, Long.class)).one().block()).isZero();
        assertThat(count("portfolios", staying)).isEqualTo(1);
        assertThat(count("watchlists", staying)).isEqualTo(1);
        assertThat(ledger(staying, kept)).hasSize(1);
    }

    @Test
    void aPoisonEventIsDeadLetteredWithItsReasonAndTheNextOneIsStillApplied() throws Exception {
        String user = newUser();
        createPortfolio(user);
        byte[] poison = ("{\"userId\":\"" + user + "\",\"at\":-5}").getBytes(StandardCharsets.UTF_8);
        send(user, "UserDeleted", poison);
        send(user, "UserDeleted", new EventCodec().encode(new UserDeleted(user, System.currentTimeMillis())));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("portfolios", user) == 0);
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC + ".dlt"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().anyMatch(r -> user.equals(r.key()));
            });
        }
        ConsumerRecord<String, byte[]> record = dead.stream().filter(r -> user.equals(r.key())).findFirst().orElseThrow();
        assertThat(record.value()).isEqualTo(poison);
        assertThat(new String(record.headers().lastHeader(EventHeaders.DLT_REASON).value(), StandardCharsets.UTF_8))
                .contains("UserDeleted").contains("at");
    }

    private long count(String table, String user) {
        return db.sql("select count(*) from " + table + " where user_id = :u").bind("u", user)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    private static void send(String key, String type, byte[] payload) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, key, payload);
            record.headers().add(EventHeaders.TYPE_ID, type.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }
}
