package io.coinlens.gateway.express;

import io.coinlens.gateway.support.GatewayTestSupport;
import io.coinlens.gateway.support.StubServices;
import io.coinlens.gateway.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The express lane answers exactly as the full path does, and takes nothing it cannot be sure of. A token's first
 * request always goes the full way (the lane only knows tokens the full path verified), so sending the same request
 * twice with a new token compares the two paths side by side.
 */
class ExpressLaneIntegrationTests extends GatewayTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The full path's own span continues the trace into the service; the lane passes the caller's on unchanged. */
    private static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate", "b3");

    @Autowired
    private MeterRegistry meters;

    private record Case(String name, BiFunction<WebTestClient, String, WebTestClient.RequestHeadersSpec<?>> request) {
    }

    @Test
    void theLaneAnswersAsTheFullPathDoes() {
        List<Case> cases = List.of(
                new Case("plain read with a query", (c, token) -> c.get()
                        .uri("/api/v1/portfolios/p-1/valuation?currency=USD&at=2026-12-03T20:00:00Z")
                        .header(HttpHeaders.AUTHORIZATION, token)),
                new Case("public market read with a token", (c, token) -> c.get().uri("/api/v1/market/ticker")
                        .header(HttpHeaders.AUTHORIZATION, token)),
                new Case("a route of one exact path", (c, token) -> c.get()
                        .uri("/api/v1/candles?symbol=BTCUSDT&interval=1m")
                        .header(HttpHeaders.AUTHORIZATION, token)),
                new Case("spoofed forwarding, user id and a request id of the caller's", (c, token) -> c.get()
                        .uri("/api/v1/alerts")
                        .header(HttpHeaders.AUTHORIZATION, token)
                        .header("X-Forwarded-For", "6.6.6.6")
                        .header("X-Forwarded-Host", "evil.example")
                        .header("Forwarded", "for=6.6.6.6")
                        .header("X-User-Id", "someone-else")
                        .header("X-Request-Id", "caller-chosen-42")
                        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
                new Case("a request id that is not acceptable", (c, token) -> c.get().uri("/api/v1/alerts")
                        .header(HttpHeaders.AUTHORIZATION, token)
                        .header("X-Request-Id", "bad id <script>")),
                new Case("a service's CORS and security headers", (c, token) -> c.get().uri("/api/v1/alerts/leaky")
                        .header(HttpHeaders.AUTHORIZATION, token)),
                new Case("a service answering 503 every time", (c, token) -> c.get()
                        .uri("/api/v1/watchlists/flaky").header(HttpHeaders.AUTHORIZATION, token)),
                new Case("a service that is down", (c, token) -> c.get().uri("/api/v1/ml/models")
                        .header(HttpHeaders.AUTHORIZATION, token)),
                new Case("a service that does not answer in time", (c, token) -> c.get()
                        .uri("/api/v1/sentiment/slow").header(HttpHeaders.AUTHORIZATION, token)));
        for (Case c : cases) {
            String token = bearer(TestTokens.valid());
            double taken = taken();
            StubServices.reset();
            Answer full = Answer.of(c.request().apply(client, token));
            assertThat(taken()).as(c.name() + ": a token's first request goes the full way").isEqualTo(taken);
            int fullAttempts = StubServices.count("GET /api/v1/watchlists/flaky");
            StubServices.reset();
            Answer fast = Answer.of(c.request().apply(client, token));
            assertThat(StubServices.count("GET /api/v1/watchlists/flaky")).as(c.name() + ": retries")
                    .isEqualTo(fullAttempts)
                    .isEqualTo(c.name().contains("503") ? 3 : 0);
            assertThat(taken()).as(c.name() + ": the second takes the lane").isEqualTo(taken + 1);
            assertThat(fast.status()).as(c.name()).isEqualTo(full.status());
            assertThat(fast.headers()).as(c.name() + ": response headers").isEqualTo(full.headers());
            assertThat(fast.body()).as(c.name() + ": body, and what the service was sent").isEqualTo(full.body());
            assertThat(fast.requestId()).as(c.name()).isNotNull();
        }
    }

    @Test
    void theLanesFailuresCountForTheBreakerAndAnOpenBreakerIsAnsweredTheFullWay() {
        String token = bearer(TestTokens.valid());
        double taken = taken();
        for (int i = 0; i < 4; i++) {
            client.get().uri("/api/v1/ml/models").header(HttpHeaders.AUTHORIZATION, token).exchange()
                    .expectStatus().isEqualTo(503);
        }
        assertThat(taken()).as("the first went the full way, three took the lane").isEqualTo(taken + 3);
        client.get().uri("/api/v1/ml/models").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("ml-service", "not calling it"));
        assertThat(taken()).isEqualTo(taken + 3);
    }

    @Test
    void secureClientsBehindATrustedProxyGetHstsOnTheLaneToo() {
        String token = bearer(TestTokens.valid());
        WebTestClient proxy = clientFrom(TRUSTED_PROXY);
        for (int i = 0; i < 2; i++) {
            proxy.get().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token)
                    .header("X-Forwarded-For", "203.0.113.7").header("X-Forwarded-Proto", "https").exchange()
                    .expectStatus().isOk()
                    .expectHeader().exists("Strict-Transport-Security")
                    .expectBody().jsonPath("$.headers['x-forwarded-for']").isEqualTo(List.of("203.0.113.7"))
                    .jsonPath("$.headers['x-forwarded-proto']").isEqualTo(List.of("https"));
        }
        assertThat(taken()).isPositive();
    }

    @Test
    void whatTheLaneIsNotSureOfGoesTheFullWay() {
        String token = bearer(TestTokens.forUser("lane-user").roles("user").build());
        client.get().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isOk();
        double taken = taken();

        client.get().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token)
                .header("Origin", ALLOWED_ORIGIN).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", ALLOWED_ORIGIN);
        client.get().uri("/api/v1/auth/signing-keys").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isForbidden();
        client.get().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token)
                .header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isBadRequest();
        client.get().uri("/api/v1/portfolios")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.tampered(TestTokens.valid(),
                        payload -> payload.replace("}", ",\"roles\":[\"admin\"]}")))).exchange()
                .expectStatus().isUnauthorized();
        for (String path : List.of("/api/v1/market/..%2F..%2Fusers/me", "/api/v1/market/../users/me",
                "/api/v1/market/%2e%2e/users/me", "/api/v1/market;x=/../users/me", "/api/v1//users/me",
                "/api/v1/portfolios/./x", "/api/v1/candles/")) {
            int status = client.get().uri(URI.create("http://127.0.0.1:" + port + path))
                    .header(HttpHeaders.AUTHORIZATION, token).exchange().returnResult(String.class).getStatus()
                    .value();
            assertThat(status).as(path).isBetween(400, 499);
        }
        client.get().uri("/api/v1/portfolios/").header(HttpHeaders.AUTHORIZATION, token).exchange();
        client.get().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token)
                .header("X-Note", "caf\u00e9").exchange()
                .expectStatus().isOk();
        client.method(org.springframework.http.HttpMethod.GET).uri("/api/v1/portfolios")
                .header(HttpHeaders.AUTHORIZATION, token).bodyValue("a body on a GET").exchange()
                .expectStatus().isOk();
        managementClient().get().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isNotFound();
        assertThat(taken()).as("none of these took the lane").isEqualTo(taken);
        assertThat(StubServices.count("GET /api/v1/users/me")).isZero();
    }

    @Test
    void theLanesAnswersAreCountedWithTheFullPathsInHttpServerRequests() {
        String token = bearer(TestTokens.valid());
        long prior = okCount();
        client.get().uri("/api/v1/watchlists").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isOk();
        // Both paths record once the answer is sent, which may be just after the client has it.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> okCount() == prior + 1);
        long before = okCount();
        long beforeOnRoute = routeCount();
        double taken = taken();
        for (int i = 0; i < 3; i++) {
            client.get().uri("/api/v1/watchlists").header(HttpHeaders.AUTHORIZATION, token).exchange()
                    .expectStatus().isOk();
        }
        assertThat(taken()).isEqualTo(taken + 3);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(okCount()).isEqualTo(before + 3);
            assertThat(routeCount()).isEqualTo(beforeOnRoute + 3);
        });
        managementClient().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(text -> assertThat(text)
                        .containsPattern("coinlens_gateway_express_total\\{[^}]*outcome=\"taken\"")
                        .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\",uri=\"UNKNOWN\"")
                        .containsPattern("spring_cloud_gateway_requests_seconds_count\\{[^}]*httpStatusCode=\"200\""
                                + "[^}]*routeId=\"portfolio-service\""));
    }

    private long okCount() {
        return meters.find("http.server.requests").tag("status", "200").tag("uri", "UNKNOWN").timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private long routeCount() {
        return meters.find("spring.cloud.gateway.requests").tag("routeId", "portfolio-service")
                .tag("httpStatusCode", "200").timers().stream().mapToLong(Timer::count).sum();
    }

    private double taken() {
        return meters.counter("coinlens.gateway.express", "outcome", "taken").count();
    }

    /** An answer, with what varies from one request to the next taken out. */
    private record Answer(int status, Map<String, String> headers, JsonNode body, String requestId) {

        static Answer of(WebTestClient.RequestHeadersSpec<?> request) {
            EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
            HttpHeaders headers = result.getResponseHeaders();
            Map<String, String> comparable = new TreeMap<>();
            headers.forEach((name, values) -> {
                String key = name.toLowerCase(Locale.ROOT);
                // The body is compared on its own (the full path's trace headers make the echo longer).
                if (!key.equals("date") && !key.equals("x-request-id") && !key.equals("x-ratelimit-remaining")
                        && !key.equals("x-ratelimit-reset") && !key.equals("content-length")) {
                    comparable.put(key, String.join(",", values));
                }
            });
            byte[] bytes = result.getResponseBodyContent();
            JsonNode body = bytes == null || bytes.length == 0 ? null : comparableBody(bytes);
            return new Answer(result.getStatus().value(), comparable, body,
                    headers.getFirst("X-Request-Id"));
        }

        private static JsonNode comparableBody(byte[] bytes) {
            JsonNode body;
            try {
                body = JSON.readTree(bytes);
            } catch (RuntimeException notJson) {
                return JSON.getNodeFactory().textNode(new String(bytes));
            }
            if (body instanceof tools.jackson.databind.node.ObjectNode object) {
                object.remove("requestId");
                if (object.get("headers") instanceof tools.jackson.databind.node.ObjectNode seen) {
                    seen.remove("x-request-id");
                    seen.remove("webtestclient-request-id");
                    TRACE_HEADERS.forEach(seen::remove);
                    List<String> names = new ArrayList<>();
                    Iterator<String> it = seen.propertyNames().iterator();
                    it.forEachRemaining(names::add);
                    object.set("headerNames", JSON.valueToTree(new TreeSet<>(names)));
                }
            }
            return body;
        }
    }
}
