package io.coinlens.gateway.resilience;

import io.coinlens.gateway.support.GatewayTestSupport;
import io.coinlens.gateway.support.StubServices;
import io.coinlens.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** ml-service is down in this context; the breaker opens after 4 calls, at least half failed, for 30 s. */
class ResilienceIntegrationTests extends GatewayTestSupport {

    @Test
    void aServiceThatIsDownGetsAQuick503ProblemNamingIt() {
        Instant start = Instant.now();
        client.get().uri("/api/v1/ml/models").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid()))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("ml-service"))
                .jsonPath("$.trace").doesNotExist();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndStopsCallingTheService() {
        String token = bearer(TestTokens.valid());
        for (int i = 0; i < 4; i++) {
            client.post().uri("/api/v1/ml/models").header(HttpHeaders.AUTHORIZATION, token).exchange()
                    .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        }
        client.get().uri("/api/v1/ml/models").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "30")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("ml-service", "not calling it"));
        // Other services' breakers are their own.
        client.get().uri("/api/v1/alerts").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isOk();
    }

    @Test
    void getsAreRetriedAndPostsAreNot() {
        String token = bearer(TestTokens.valid());
        client.get().uri("/api/v1/watchlists/flaky").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(StubServices.count("GET /api/v1/watchlists/flaky")).isEqualTo(3);
        client.post().uri("/api/v1/watchlists/flaky").header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(StubServices.count("POST /api/v1/watchlists/flaky")).isEqualTo(1);
    }

    @Test
    void aSlowServiceTimesOutWith504AtItsRoutesTimeout() {
        Instant start = Instant.now();
        client.get().uri("/api/v1/sentiment/slow").exchange()
                .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("sentiment-service"));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }
}
