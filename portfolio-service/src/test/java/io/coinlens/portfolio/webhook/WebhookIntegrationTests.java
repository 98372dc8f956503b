package io.coinlens.portfolio.webhook;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.CoinlensEvent;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import io.coinlens.contracts.UserDeleted;
import io.coinlens.portfolio.support.PortfolioIntegrationTestBase;
import io.coinlens.testing.Infrastructure;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts delivered to webhooks through real Kafka and PostgreSQL, to a receiver on loopback (the only network the
 * test allows), with the SSRF guard, retries, the dead-letter list and replay, and ownership.
 */
@TestPropertySource(properties = {
        "coinlens.portfolio.webhooks.require-https=false",
        "coinlens.portfolio.webhooks.allowed-private-networks=127.0.0.1/32",
        "coinlens.portfolio.webhooks.max-attempts=3",
        "coinlens.portfolio.webhooks.initial-backoff=200ms",
        "coinlens.portfolio.webhooks.poll-interval=100ms"})
class WebhookIntegrationTests extends PortfolioIntegrationTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EventCodec CODEC = new EventCodec();

    /** What one request to the receiver carried. */
    record Received(String path, String signature, String eventId, String deliveryId, String body, int answered) {
    }

    static DisposableServer receiver;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    /** Status codes to answer, in order; 200 once it is empty. */
    static final Deque<Integer> script = new ArrayDeque<>();
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void startReceiver() {
        receiver = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .post("/redirect-to-metadata", (request, response) -> response
                                .status(HttpResponseStatus.TEMPORARY_REDIRECT)
                                .header("Location", "http://169.254.169.254/latest/meta-data/").send())
                        .post("/hook/{name}", (request, response) -> request.receive().aggregate().asString()
                                .defaultIfEmpty("")
                                .flatMap(body -> {
                                    int status;
                                    synchronized (script) {
                                        status = script.isEmpty() ? 200 : script.poll();
                                    }
                                    received.add(new Received("/" + request.path(),
                                            request.requestHeaders().get(WebhookSigner.HEADER),
                                            request.requestHeaders().get("Coinlens-Event-Id"),
                                            request.requestHeaders().get("Coinlens-Delivery-Id"), body, status));
                                    return response.status(status).send().then();
                                })))
                .bindNow();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafka().getBrokersAsString(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.disposeNow();
        producer.close();
    }

    @BeforeEach
    void reset() {
        received.clear();
        synchronized (script) {
            script.clear();
        }
    }

    private static void publish(CoinlensEvent event) {
        EventType type = EventType.of(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic().topicName(), event.key(),
                CODEC.encode(event));
        record.headers().add(EventHeaders.TYPE_ID, type.id().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        producer.flush();
    }

    private static AlertTriggered alert(String user) {
        return new AlertTriggered(UUID.randomUUID().toString(), user, "price_above", "BTC-USDT",
                Instant.now().toEpochMilli(), new BigDecimal("70001.50"), new BigDecimal("70000"),
                "BTC-USDT rose above 70000");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private Map<String, Object> createWebhook(String user, String path) {
        return ok(call(HttpMethod.POST, "/api/v1/webhooks", user, Map.of("url", url(path), "description", "test")), 201);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> deliveries(String user, String webhookId, String status) {
        String raw = call(HttpMethod.GET, "/api/v1/webhooks/" + webhookId + "/deliveries"
                + (status == null ? "" : "?status=" + status), user, null)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readValue(raw, List.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> webhooks(String user) {
        String raw = call(HttpMethod.GET, "/api/v1/webhooks", user, null)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readValue(raw, List.class);
    }

    private List<Received> receivedOn(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheAlertOnceSignedWithItsSecret() {
        String user = newUser();
        String path = "/hook/" + UUID.randomUUID();
        Map<String, Object> webhook = createWebhook(user, path);
        String secret = (String) webhook.get("secret");
        assertThat(secret).startsWith("whsec_");
        synchronized (script) {
            script.addAll(List.of(500, 503));
        }

        AlertTriggered alert = alert(user);
        publish(alert);
        await().atMost(WAIT).until(() -> receivedOn(path).stream().anyMatch(r -> r.answered() == 200));
        // Kafka redelivering the same event must not send it again.
        publish(alert);

        String id = (String) webhook.get("id");
        await().atMost(WAIT).until(() -> deliveries(user, id, null).stream()
                .anyMatch(d -> "delivered".equals(d.get("status"))));
        List<Map<String, Object>> all = deliveries(user, id, null);
        assertThat(all).hasSize(1);
        assertThat(all.get(0)).containsEntry("attempts", 3).containsEntry("lastStatus", 200)
                .doesNotContainKey("payload");

        List<Received> requests = receivedOn(path);
        assertThat(requests).extracting(Received::answered).containsExactly(500, 503, 200);
        assertThat(requests).extracting(Received::deliveryId).containsOnly((String) all.get(0).get("id"));
        for (Received r : requests) {
            assertThat(r.eventId()).isEqualTo(alert.alertId() + ":" + alert.triggeredAt());
            assertThat(r.body()).contains("\"type\":\"alert.triggered\"").contains(alert.alertId())
                    .contains("\"observed\":\"70001.50\"");
            long t = Long.parseLong(r.signature().substring(2, r.signature().indexOf(',')));
            assertThat(r.signature()).isEqualTo(WebhookSigner.signature(secret, t,
                    r.body().getBytes(StandardCharsets.UTF_8)));
            assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(300);
        }
        // The listing never shows the secret again.
        assertThat(ok(call(HttpMethod.GET, "/api/v1/webhooks/" + id, user, null), 200)).doesNotContainKey("secret")
                .doesNotContainKey("userId");
    }

    @Test
    void aDeliveryThatKeepsFailingIsParkedAndCanBeReplayed() {
        String user = newUser();
        String path = "/hook/" + UUID.randomUUID();
        String id = (String) createWebhook(user, path).get("id");
        synchronized (script) {
            script.addAll(List.of(500, 500, 500));
        }
        publish(alert(user));
        await().atMost(WAIT).until(() -> deliveries(user, id, "dead").size() == 1);
        Map<String, Object> dead = deliveries(user, id, "dead").get(0);
        assertThat(dead).containsEntry("attempts", 3).containsEntry("lastStatus", 500)
                .containsEntry("lastError", "HTTP 500");
        assertThat(receivedOn(path)).hasSize(3);

        ok(call(HttpMethod.POST, "/api/v1/webhooks/" + id + "/deliveries/" + dead.get("id") + "/replay", user, null),
                202);
        await().atMost(WAIT).until(() -> deliveries(user, id, "delivered").size() == 1);
        assertThat(receivedOn(path)).extracting(Received::answered).containsExactly(500, 500, 500, 200);
        // Only a dead delivery can be replayed.
        problem(call(HttpMethod.POST, "/api/v1/webhooks/" + id + "/deliveries/" + dead.get("id") + "/replay", user,
                null), 409);
    }

    @Test
    void urlsThatReachInternalAddressesAreRefused() {
        String user = newUser();
        for (String url : List.of("http://127.0.0.2/x", "http://10.0.0.1/", "http://172.16.5.4/",
                "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/",
                "http://0.0.0.0/", "http://[::ffff:169.254.169.254]/", "http://[fd00::1]/", "http://2130706434/",
                "https://user:pw@example.com/", "ftp://example.com/", "file:///etc/passwd", "not a url")) {
            Map<String, Object> problem = problem(call(HttpMethod.POST, "/api/v1/webhooks", user, Map.of("url", url)),
                    400);
            assertThat(fields(problem)).as(url).containsExactly("url");
        }
        assertThat(webhooks(user)).isEmpty();
    }

    @Test
    void aRedirectToTheMetadataEndpointIsRefusedAndNotRetried() {
        String user = newUser();
        String id = (String) createWebhook(user, "/redirect-to-metadata").get("id");
        publish(alert(user));
        await().atMost(WAIT).until(() -> deliveries(user, id, "dead").size() == 1);
        Map<String, Object> dead = deliveries(user, id, "dead").get(0);
        assertThat(dead).containsEntry("attempts", 1);
        assertThat((String) dead.get("lastError")).contains("169.254.169.254").contains("refused");
    }

    @Test
    void anotherUsersWebhookIsNotFoundWhateverIsTried() {
        String alice = newUser();
        String bob = newUser();
        String path = "/hook/" + UUID.randomUUID();
        String id = (String) createWebhook(alice, path).get("id");
        publish(alert(alice));
        await().atMost(WAIT).until(() -> deliveries(alice, id, "delivered").size() == 1);
        String deliveryId = (String) deliveries(alice, id, null).get(0).get("id");

        problem(call(HttpMethod.GET, "/api/v1/webhooks/" + id, bob, null), 404);
        problem(call(HttpMethod.PATCH, "/api/v1/webhooks/" + id, bob, Map.of("active", false)), 404);
        problem(call(HttpMethod.GET, "/api/v1/webhooks/" + id + "/deliveries", bob, null), 404);
        problem(call(HttpMethod.POST, "/api/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/replay", bob, null),
                404);
        problem(call(HttpMethod.DELETE, "/api/v1/webhooks/" + id, bob, null), 404);
        assertThat(webhooks(bob)).isEmpty();
        // Bob's alerts never reach Alice's webhook.
        publish(alert(bob));
        publish(alert(alice));
        await().atMost(WAIT).until(() -> receivedOn(path).size() == 2);
        assertThat(receivedOn(path)).noneMatch(r -> r.body().contains(bob));
        ok(call(HttpMethod.GET, "/api/v1/webhooks/" + id, alice, null), 200);
    }

    @Test
    void deletingTheUserErasesTheirWebhooks() {
        String user = newUser();
        String id = (String) createWebhook(user, "/hook/" + UUID.randomUUID()).get("id");
        publish(new UserDeleted(user, Instant.now().toEpochMilli()));
        await().atMost(WAIT).until(() -> call(HttpMethod.GET, "/api/v1/webhooks/" + id, user, null)
                .returnResult(String.class).getStatus().value() == 404);
        assertThat(webhooks(user)).isEmpty();
    }
}
