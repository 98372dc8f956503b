package io.coinlens.gateway.ratelimit;

import io.coinlens.gateway.support.GatewayTestSupport;
import io.coinlens.gateway.support.StubServices;
import io.coinlens.gateway.support.TestTokens;
import io.coinlens.testing.Infrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits in this context: api burst 20 then 1 per 10 s; auth burst 3 then 1 per 20 s. */
class RateLimitIntegrationTests extends GatewayTestSupport {

    private static final int API_BURST = 20;
    private static final int AUTH_BURST = 3;

    @Test
    void burstPlusOneIsRefusedWithRetryAfterAndTheLimitHeaders() {
        String token = bearer(TestTokens.valid());
        for (int i = 1; i <= API_BURST; i++) {
            client.get().uri("/api/v1/watchlists").header(HttpHeaders.AUTHORIZATION, token).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(API_BURST))
                    .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(API_BURST - i))
                    .expectHeader().exists(RateLimitFilter.RESET);
        }
        client.get().uri("/api/v1/watchlists").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER,
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10))
                .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(API_BURST))
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, "0")
                .expectHeader().value(RateLimitFilter.RESET,
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(190, 200))
                .expectBody().jsonPath("$.status").isEqualTo(429);
    }

    @Test
    void eachUserHasABucketOfTheirOwn() {
        String alice = bearer(TestTokens.valid());
        String bob = bearer(TestTokens.valid());
        exhaust(client, "/api/v1/alerts", alice, null, API_BURST);
        client.get().uri("/api/v1/alerts").header(HttpHeaders.AUTHORIZATION, alice).exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        client.get().uri("/api/v1/alerts").header(HttpHeaders.AUTHORIZATION, bob).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(API_BURST - 1));
    }

    @Test
    void anUntrustedClientCannotDodgeTheLimitByRotatingXForwardedFor() {
        for (int i = 0; i < API_BURST; i++) {
            client.get().uri("/api/v1/market/ticker").header("X-Forwarded-For", "198.51.100." + i).exchange()
                    .expectStatus().isOk();
        }
        client.get().uri("/api/v1/market/ticker").header("X-Forwarded-For", "198.51.100.250").exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void behindATrustedProxyTheRightmostUntrustedAddressIsTheClient() {
        WebTestClient proxy = clientFrom(TRUSTED_PROXY);
        exhaust(proxy, "/api/v1/market/ticker", null, "203.0.113.7", API_BURST);
        // What the client wrote to the left of the proxy's entry changes nothing.
        proxy.get().uri("/api/v1/market/ticker").header("X-Forwarded-For", "10.1.1.1, 203.0.113.7").exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        proxy.get().uri("/api/v1/market/ticker").header("X-Forwarded-For", "203.0.113.8").exchange()
                .expectStatus().isOk();
        // The proxy itself, on its own behalf, is yet another client.
        proxy.get().uri("/api/v1/market/ticker").exchange().expectStatus().isOk();
    }

    @Test
    void servicesAreToldTheResolvedClientOnly() {
        clientFrom(TRUSTED_PROXY).get().uri("/api/v1/market/ticker")
                .header("X-Forwarded-For", "6.6.6.6, 203.0.113.9").header("Forwarded", "for=6.6.6.6").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.headers['x-forwarded-for'][0]").isEqualTo("203.0.113.9")
                .jsonPath("$.headers['forwarded']").doesNotExist();
        client.get().uri("/api/v1/market/ticker").header("X-Forwarded-For", "6.6.6.6").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.headers['x-forwarded-for'][0]").isEqualTo("127.0.0.1");
    }

    @Test
    void authEndpointsHaveAStricterLimitOfTheirOwn() {
        for (int i = 0; i < AUTH_BURST; i++) {
            login().expectStatus().isOk()
                    .expectHeader().valueEquals(RateLimitFilter.LIMIT, Integer.toString(AUTH_BURST));
        }
        login().expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().value(HttpHeaders.RETRY_AFTER,
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 20));
        // The API bucket of the same client is untouched.
        client.get().uri("/api/v1/market/ticker").exchange().expectStatus().isOk()
                .expectHeader().valueEquals(RateLimitFilter.REMAINING, Integer.toString(API_BURST - 1));
    }

    @Test
    void withRedisDownMarketReadsStayOpenAndAuthEndpointsClose() {
        Infrastructure.stopRedis();
        try {
            Instant start = Instant.now();
            client.get().uri("/api/v1/market/ticker").exchange()
                    .expectStatus().isOk()
                    .expectHeader().doesNotExist(RateLimitFilter.REMAINING);
            login().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectBody().jsonPath("$.status").isEqualTo(503);
            assertThat(Duration.between(start, Instant.now())).as("no waiting on a dead Redis")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(StubServices.count("POST /api/v1/auth/login")).isZero();
        } finally {
            Infrastructure.restartRedis();
        }
        Instant deadline = Instant.now().plusSeconds(30);
        int status;
        do {
            status = login().returnResult(String.class).getStatus().value();
        } while (status != 200 && Instant.now().isBefore(deadline) && pause());
        assertThat(status).as("auth endpoints open again once Redis is back").isEqualTo(200);
    }

    private WebTestClient.ResponseSpec login() {
        return client.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"a@example.com\",\"password\":\"x\"}").exchange();
    }

    private static void exhaust(WebTestClient client, String path, String authorization, String forwardedFor,
            int times) {
        for (int i = 0; i < times; i++) {
            WebTestClient.RequestHeadersSpec<?> request = client.get().uri(path);
            if (authorization != null) {
                request = request.header(HttpHeaders.AUTHORIZATION, authorization);
            }
            if (forwardedFor != null) {
                request = request.header("X-Forwarded-For", forwardedFor);
            }
            request.exchange().expectStatus().isOk();
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
