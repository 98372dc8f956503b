package io.coinlens.gateway;

import io.coinlens.gateway.support.TestTokens;
import io.coinlens.testing.EmbeddedInfrastructure;
import io.coinlens.testing.ServiceBaselineTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedInfrastructure(postgres = false, kafka = false)
class GatewayIntegrationTests extends ServiceBaselineTests {

    /** Stands in for every service: answers with what it was asked and by which service name. */
    static final DisposableServer SERVICES = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes
                    .ws("/ws", (in, out) -> out.sendString(in.receive().asString().map(text -> "echo:" + text)))
                    .route(request -> true, (request, response) -> response
                            .header("Content-Type", "text/plain")
                            .header("X-Request-Id", request.requestHeaders().get("X-Request-Id"))
                            .header("X-Seen-Traceparent", String.valueOf(request.requestHeaders().get("traceparent")))
                            .sendString(Mono.just(request.method() + " " + request.uri() + " id="
                                    + request.requestHeaders().get("X-Request-Id")))))
            .bindNow();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routeEveryServiceToTheStub(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + SERVICES.port();
        for (String service : List.of("user-service", "market-data-service", "analytics-service",
                "sentiment-service", "portfolio-service", "ml-service")) {
            registry.add("coinlens.gateway.services." + service, () -> url);
        }
        registry.add("coinlens.gateway.jwt.jwks-uri", TestTokens::jwksUri);
    }

    /**
     * The gateway serves its metrics on the management port only (the public port must not show them), so the
     * baseline's Prometheus check is sent there; every other baseline check still goes to the public port.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class MetricsOnTheManagementPort {

        @Bean
        WebTestClientBuilderCustomizer prometheusOnManagementPort(Environment environment) {
            return builder -> builder.filter((request, next) -> {
                if (!request.url().getPath().equals("/actuator/prometheus")) {
                    return next.exchange(request);
                }
                int port = environment.getRequiredProperty("local.management.port", Integer.class);
                return next.exchange(ClientRequest.from(request)
                        .url(UriComponentsBuilder.fromUri(request.url()).port(port).build(true).toUri()).build());
            });
        }
    }

    @AfterAll
    static void stopStub() {
        SERVICES.disposeNow();
    }

    @Override
    protected String ownedSchema() {
        return null;
    }

    @Override
    protected List<String> readinessChecks() {
        // Not Redis: the gateway keeps serving reads without it (rate limits fail open), so it stays ready.
        return List.of();
    }

    @Test
    void routesEachPublicAreaWithItsPathQueryAndRequestId() {
        String token = TestTokens.valid();
        for (String path : List.of("/api/v1/auth/login", "/api/v1/users/me", "/.well-known/jwks.json",
                "/api/v1/market/ticker?symbol=BTC-USDT", "/api/v1/candles?symbol=BTC-USDT&interval=1m",
                "/api/v1/indicators/BTC-USDT", "/api/v1/signals", "/api/v1/analytics/rsi/BTC-USDT",
                "/api/v1/sentiment/BTC", "/api/v1/portfolios/7", "/api/v1/watchlists", "/api/v1/alerts/3",
                "/api/v1/webhooks", "/api/v1/exchange-keys", "/api/v1/ml/models")) {
            web.get().uri(path).header("X-Request-Id", "edge-1").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().values("X-Request-Id", ids -> assertThat(ids).containsExactly("edge-1"))
                    .expectBody(String.class).isEqualTo("GET " + path + " id=edge-1");
        }
    }

    /** The trace goes on into the service (the gateway runs without thread-local context propagation). */
    @Test
    void continuesTheCallersTraceIntoTheService() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        web.get().uri("/api/v1/portfolios/7").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().value("X-Seen-Traceparent", seen -> assertThat(seen)
                        .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                        .doesNotContain("00f067aa0ba902b7"));
    }

    @Test
    void undocumentedPathsAreNotRouted() {
        String token = "Bearer " + TestTokens.valid();
        web.get().uri("/api/v1/secret-admin").accept(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v2/candles").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isNotFound();
        // Without a token too: a path no route serves is a 404, never a way to a service.
        web.get().uri("/api/v1/secret-admin").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                // The gateway's own wording and the request id, never the framework's message.
                .expectBody()
                .jsonPath("$.detail").isEqualTo("Nothing is routed at this path.")
                .jsonPath("$.requestId").isNotEmpty();
        web.post().uri("/api/v1/users").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void proxiesTheWebSocketStreamToMarketData() {
        List<String> received = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient()
                .execute(URI.create("ws://localhost:" + port + "/ws"), session -> session
                        .send(Mono.just(session.textMessage("hello")))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).take(1)
                                .doOnNext(received::add))
                        .then())
                .block(Duration.ofSeconds(10));
        assertThat(received).containsExactly("echo:hello");
    }
}
