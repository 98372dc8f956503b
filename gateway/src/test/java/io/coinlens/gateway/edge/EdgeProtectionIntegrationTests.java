package io.coinlens.gateway.edge;

import io.coinlens.gateway.support.GatewayTestSupport;
import io.coinlens.gateway.support.StubServices;
import io.coinlens.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeProtectionIntegrationTests extends GatewayTestSupport {

    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void preflightFromAnAllowedOriginIsAnsweredAtTheGateway() {
        client.options().uri("/api/v1/portfolios")
                .header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods -> assertThat(methods).contains("POST"))
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
        assertThat(StubServices.count("OPTIONS /api/v1/portfolios")).isZero();
    }

    @Test
    void aDisallowedOriginGetsNoCorsHeaders() {
        client.options().uri("/api/v1/portfolios")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        client.get().uri("/api/v1/market/ticker").header(HttpHeaders.ORIGIN, "https://evil.example").exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void corsIsDecidedAtTheGatewayNotByTheService() {
        client.get().uri("/api/v1/market/leaky").header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN).exchange()
                .expectStatus().isOk()
                .expectHeader().values(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN,
                        origins -> assertThat(origins).containsExactly(ALLOWED_ORIGIN))
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        exposed -> assertThat(exposed).contains("X-RateLimit-Remaining", "Retry-After"));
        client.get().uri("/api/v1/market/leaky").exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        String token = bearer(TestTokens.valid());
        List<WebTestClient.ResponseSpec> responses = List.of(
                client.get().uri("/api/v1/market/ticker").exchange(),
                client.get().uri("/api/v1/market/leaky").exchange(),
                client.get().uri("/api/v1/portfolios").exchange(),
                client.get().uri("/api/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, token).exchange(),
                client.get().uri("/actuator/prometheus").exchange(),
                client.get().uri("/api/v1/ml/models").header(HttpHeaders.AUTHORIZATION, token).exchange());
        for (WebTestClient.ResponseSpec response : responses) {
            response.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                    .expectHeader().valueEquals("Content-Security-Policy", SecurityHeadersWebFilter.API_POLICY)
                    .expectHeader().doesNotExist("Strict-Transport-Security");
        }
    }

    @Test
    void theServiceSeesTheGatewaysForwardingHeadersNotTheClients() {
        client.get().uri("/api/v1/market/ticker")
                .header("X-Forwarded-For", "6.6.6.6")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Port", "8443")
                .header("X-Forwarded-Prefix", "/admin")
                .header("Forwarded", "for=6.6.6.6;host=evil.example;proto=https")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.headers['x-forwarded-for']").isEqualTo(List.of("127.0.0.1"))
                .jsonPath("$.headers['x-forwarded-proto']").isEqualTo(List.of("http"))
                .jsonPath("$.headers['x-forwarded-host']").doesNotExist()
                .jsonPath("$.headers['x-forwarded-port']").doesNotExist()
                .jsonPath("$.headers['x-forwarded-prefix']").doesNotExist()
                .jsonPath("$.headers['forwarded']").doesNotExist();
    }

    @Test
    void hstsOnlyWhenTheClientCameOverHttps() {
        clientFrom(TRUSTED_PROXY).get().uri("/api/v1/market/ticker").header("X-Forwarded-Proto", "https").exchange()
                .expectHeader().valueEquals("Strict-Transport-Security", SecurityHeadersWebFilter.HSTS);
        client.get().uri("/api/v1/market/ticker").header("X-Forwarded-Proto", "https").exchange()
                .expectHeader().doesNotExist("Strict-Transport-Security");
    }

    @Test
    void theSwaggerUiAloneGetsAPolicyThatLetsItRun() {
        client.get().uri("/swagger-ui/index.html").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", SecurityHeadersWebFilter.DOCS_POLICY)
                .expectHeader().valueEquals("X-Frame-Options", "DENY");
    }

    @Test
    void bodiesOverTheLimitAreRefusedBeforeTheService() {
        String token = bearer(TestTokens.valid());
        client.post().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(new byte[ONE_MIB + 1]).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(413);
        assertThat(StubServices.count("POST /api/v1/portfolios")).isZero();
        client.post().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(new byte[ONE_MIB]).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.bodyLength").isEqualTo(ONE_MIB);
    }

    @Test
    void chunkedBodiesAreCountedAsTheyStream() {
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> body = Flux.range(0, 20).map(i -> buffers.wrap(new byte[64 * 1024]));
        client.post().uri("/api/v1/watchlists").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid()))
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(body, DataBuffer.class).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void actuatorInternalsAreNotReachableOnThePublicPort() {
        String token = bearer(TestTokens.valid());
        for (String path : List.of("/actuator/prometheus", "/actuator/env", "/actuator/heapdump", "/actuator",
                "/actuator/health", "/actuator/health/redis", "/actuator/gateway/routes")) {
            client.get().uri(path).exchange().expectStatus().isNotFound();
            client.get().uri(path).header(HttpHeaders.AUTHORIZATION, token).exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void theProbesAreOnThePublicPortAndTheMetricsOnTheManagementPort() {
        client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        managementClient().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics)
                        .contains("jvm_memory_used_bytes", "resilience4j_circuitbreaker_state"));
        managementClient().get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        // The management port is for the actuator only, never a way around the edge.
        managementClient().get().uri("/api/v1/portfolios").exchange().expectStatus().isNotFound();
    }

    @Test
    void errorsCarryNoStackTraces() {
        String token = bearer(TestTokens.valid());
        List<WebTestClient.ResponseSpec> errors = List.of(
                client.get().uri("/api/v1/portfolios").exchange(),
                client.get().uri("/api/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, token).exchange(),
                client.get().uri("/api/v1/ml/models").header(HttpHeaders.AUTHORIZATION, token).exchange(),
                client.method(HttpMethod.valueOf("BREW")).uri("/api/v1/market/ticker").exchange(),
                client.get().uri("/api/v1/portfolios").header(HttpHeaders.AUTHORIZATION, "Bearer ###").exchange());
        for (WebTestClient.ResponseSpec error : errors) {
            error.expectBody(String.class).value(body -> assertThat(body)
                    .doesNotContain("Exception", "\tat ", "\"trace\"", "io.coinlens", "org.springframework"));
        }
    }

    @Test
    void pathTricksDoNotReachProtectedRoutes() {
        for (String path : List.of("/api/v1/market/..%2F..%2Fusers/me", "/api/v1/market/../users/me",
                "/api/v1/market/%2e%2e/users/me", "/api/v1/market;x=/../users/me")) {
            HttpStatus status = HttpStatus.valueOf(client.get().uri(URI.create("http://127.0.0.1:" + port + path))
                    .exchange().returnResult(String.class).getStatus().value());
            assertThat(status.is4xxClientError()).as(path + " -> " + status).isTrue();
        }
        assertThat(StubServices.count("GET /api/v1/users/me")).isZero();
    }
}
