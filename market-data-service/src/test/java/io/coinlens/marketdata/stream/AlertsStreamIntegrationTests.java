package io.coinlens.marketdata.stream;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.CorrelationComputed;
import io.coinlens.contracts.Interval;
import io.coinlens.marketdata.TradesOnKafka;
import io.coinlens.testing.AccessTokens;
import io.coinlens.testing.EmbeddedInfrastructure;
import io.coinlens.testing.Infrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@code alerts} stream: only a connection opened with a valid access token may subscribe, and it receives its
 * own user's alerts from {@code portfolio.alerts.v1}, never anyone else's. A bad token fails the upgrade itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "coinlens.market-data.binance.enabled=false",
        "coinlens.market-data.coinbase.enabled=false"})
@EmbeddedInfrastructure(postgres = false)
class AlertsStreamIntegrationTests {

    private static final String SUBSCRIBE = "{\"method\":\"SUBSCRIBE\",\"params\":[\"alerts\"],\"id\":1}";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("coinlens.security.jwt.jwks-uri", AccessTokens::jwksUri);
    }

    /** A connection that subscribes to alerts and keeps every frame it gets. */
    private Disposable connect(String token, Queue<String> frames) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return new ReactorNettyWebSocketClient().execute(URI.create("ws://localhost:" + port + "/ws"), headers,
                session -> session.send(Flux.just(session.textMessage(SUBSCRIBE)))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(frames::add))
                        .then())
                .subscribe();
    }

    private static AlertTriggered alert(String userId) {
        return new AlertTriggered(UUID.randomUUID().toString(), userId, "price_above", "BTC-USDT",
                Instant.now().toEpochMilli(), new BigDecimal("70001.5"), new BigDecimal("70000"),
                "BTC-USDT above 70000");
    }

    @Test
    void eachSignedInUserGetsOnlyTheirOwnAlerts() {
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        Queue<String> aliceFrames = new ConcurrentLinkedQueue<>();
        Queue<String> bobFrames = new ConcurrentLinkedQueue<>();
        Disposable a = connect(AccessTokens.forUser(alice).build(), aliceFrames);
        Disposable b = connect(AccessTokens.forUser(bob).build(), bobFrames);
        try (TradesOnKafka kafka = new TradesOnKafka(Infrastructure.kafka().getBrokersAsString())) {
            await().atMost(WAIT).until(() -> aliceFrames.contains("{\"result\":null,\"id\":1}")
                    && bobFrames.contains("{\"result\":null,\"id\":1}"));
            // The feed starts at the newest offset once it has its partitions: send until Bob's alerts arrive.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                kafka.send(alert(bob));
                kafka.flush();
                return bobFrames.stream().anyMatch(f -> f.startsWith("{\"stream\":\"alerts\""));
            });
            kafka.send(alert(alice));
            kafka.flush();
            await().atMost(WAIT).until(() -> aliceFrames.stream().anyMatch(f -> f.startsWith("{\"stream\":\"alerts\"")));
            kafka.send(alert(bob));
            kafka.flush();
            long bobAlerts = bobFrames.stream().filter(f -> f.startsWith("{\"stream\":\"alerts\"")).count();
            await().atMost(WAIT).until(() -> bobFrames.stream()
                    .filter(f -> f.startsWith("{\"stream\":\"alerts\"")).count() > bobAlerts);

            List<String> aliceAlerts = aliceFrames.stream().filter(f -> f.startsWith("{\"stream\":\"alerts\"")).toList();
            assertThat(aliceAlerts).hasSize(1).allSatisfy(f -> assertThat(f).contains("\"userId\":\"" + alice + "\"")
                    .contains("\"seq\":1"));
            assertThat(bobFrames).filteredOn(f -> f.startsWith("{\"stream\":\"alerts\""))
                    .allSatisfy(f -> assertThat(f).contains("\"userId\":\"" + bob + "\"").doesNotContain(alice));
        } finally {
            a.dispose();
            b.dispose();
        }
    }

    /** Not an alert, but public: analytics-service's live correlations reach the pair's stream unchanged. */
    @Test
    void aCorrelationReachesItsPairsStream() {
        Queue<String> frames = new ConcurrentLinkedQueue<>();
        Disposable connection = new ReactorNettyWebSocketClient().execute(
                URI.create("ws://localhost:" + port + "/ws"),
                session -> session.send(Flux.just(session.textMessage(
                                "{\"method\":\"SUBSCRIBE\",\"params\":[\"btc-usdt@correlation_eth-usdt_1h\"],\"id\":7}")))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(frames::add))
                        .then())
                .subscribe();
        try (TradesOnKafka kafka = new TradesOnKafka(Infrastructure.kafka().getBrokersAsString())) {
            await().atMost(WAIT).until(() -> frames.contains("{\"result\":null,\"id\":7}"));
            CorrelationComputed value = new CorrelationComputed("BTC-USDT", "ETH-USDT", Interval.H1,
                    1_718_409_600_000L, 90, 0.8125);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                kafka.send(value);
                kafka.flush();
                return frames.stream().anyMatch(f -> f.startsWith("{\"stream\":\"btc-usdt@correlation_eth-usdt_1h\""));
            });
            assertThat(frames).filteredOn(f -> f.startsWith("{\"stream\""))
                    .first().asString().contains("\"seq\":1").contains("\"correlation\":0.8125")
                    .contains("\"otherSymbol\":\"ETH-USDT\"");
        } finally {
            connection.dispose();
        }
    }

    @Test
    void withoutATokenTheAlertsStreamIsRefusedWithAnErrorFrameAndTheConnectionStaysUsable() {
        Queue<String> frames = new ConcurrentLinkedQueue<>();
        Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
        Disposable connection = new ReactorNettyWebSocketClient().execute(URI.create("ws://localhost:" + port + "/ws"),
                session -> session.send(outgoing.asFlux().map(session::textMessage))
                        .and(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(frames::add)))
                .subscribe();
        try {
            outgoing.tryEmitNext(SUBSCRIBE);
            await().atMost(WAIT).until(() -> !frames.isEmpty());
            assertThat(frames.peek()).isEqualTo("{\"error\":{\"code\":5,\"msg\":\"the alerts stream needs a signed-in "
                    + "user: connect with an access token\"},\"id\":1}");
            outgoing.tryEmitNext("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":2}");
            await().atMost(WAIT).until(() -> frames.contains("{\"result\":[],\"id\":2}"));
        } finally {
            connection.dispose();
        }
    }

    @Test
    void anExpiredForgedOrForeignTokenFailsTheUpgrade() {
        String user = UUID.randomUUID().toString();
        List<String> bad = List.of(
                AccessTokens.forUser(user).expiresAt(Instant.now().minus(Duration.ofMinutes(5))).build(),
                AccessTokens.forUser(user).signedBy(AccessTokens.STRANGER).build(),
                AccessTokens.forUser(user).audience("someone-else").build(),
                AccessTokens.unsigned(user),
                AccessTokens.hmacWithPublicKey(user),
                AccessTokens.tampered(AccessTokens.forUser(user).build(), user, UUID.randomUUID().toString()));
        for (String token : bad) {
            HttpHeaders headers = new HttpHeaders();
            headers.setBearerAuth(token);
            assertThatThrownBy(() -> new ReactorNettyWebSocketClient()
                    .execute(URI.create("ws://localhost:" + port + "/ws"), headers, session -> session.close())
                    .block(WAIT))
                    .as("token %s", token)
                    .hasMessageContaining("401");
        }
    }
}
