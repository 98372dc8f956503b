package io.coinlens.starter;

import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.testing.EmbeddedInfrastructure;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@EmbeddedInfrastructure(postgres = false, redis = false)
@ExtendWith(OutputCaptureExtension.class)
class ServiceStarterIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    StarterTestApplication.TradeListener listener;

    @Test
    void echoesACallersRequestIdAndLogsItAsJsonWithTheTraceId(CapturedOutput output) {
        web.get().uri("/greeting").header("X-Request-Id", "req-42.a")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Request-Id", "req-42.a");

        String line = output.getOut().lines().filter(l -> l.contains("greeting served")).findFirst().orElseThrow();
        assertThat(line).startsWith("{").contains("\"requestId\":\"req-42.a\"").contains("\"traceId\":\"")
                .contains("\"service\":{\"name\":\"starter-test\"");
    }

    @Test
    void makesARequestIdWhenNoneOrAnUnsafeOneIsGiven() {
        String generated = web.get().uri("/greeting").exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
        assertThat(UUID.fromString(generated)).isNotNull();

        String replaced = web.get().uri("/greeting").header("X-Request-Id", "evil\" {\"admin\":true}")
                .exchange().returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
        assertThat(UUID.fromString(replaced)).isNotNull();
    }

    @Test
    void unknownRouteIsAProblemWithoutAStackTrace() {
        web.get().uri("/no/such/route").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Not Found")
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void probesReportKafkaAndPrometheusTagsTheApplication() {
        web.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.details.brokers").isEqualTo(1);
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("application=\"starter-test\""));
    }

    @Test
    void poisonEventGoesToTheDeadLetterTopicWithItsReasonAndTheNextEventStillArrives() throws Exception {
        String bootstrap = Infrastructure.kafka().getBrokersAsString();
        byte[] poison = "{\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"tradeId\":1,\"price\":\"-5\",\"quantity\":\"1\",\"buyerMaker\":false,\"tradeTime\":1,\"receivedAt\":1}"
                .getBytes(StandardCharsets.UTF_8);
        TradeRecorded good = new TradeRecorded("binance", "BTC-USDT", 2, new BigDecimal("64000.1"), new BigDecimal("0.5"),
                true, 1_718_409_600_000L, 1_718_409_600_010L);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(typed(new ProducerRecord<>("market.trades.v1", "binance:BTCUSDT", poison))).get();
            producer.send(typed(new ProducerRecord<>("market.trades.v1", good.key(),
                    new io.coinlens.contracts.EventCodec().encode(good)))).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.accepted.contains(good));

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("market.trades.v1.dlt"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
            });
        }
        ConsumerRecord<String, byte[]> record = dead.get(0);
        assertThat(record.value()).isEqualTo(poison);
        assertThat(record.key()).isEqualTo("binance:BTCUSDT");
        assertThat(header(record, EventHeaders.DLT_REASON))
                .contains("price must be positive")
                .contains("'BTCUSDT' is not a canonical symbol");
        assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo("market.trades.v1");
        assertThat(listener.accepted).containsExactly(good);
    }

    private static ProducerRecord<String, byte[]> typed(ProducerRecord<String, byte[]> record) {
        record.headers().add(EventHeaders.TYPE_ID, "TradeRecorded".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
