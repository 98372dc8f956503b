package io.coinlens.gateway.auth;

import io.coinlens.gateway.support.GatewayTestSupport;
import io.coinlens.gateway.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JwtAuthenticationIntegrationTests extends GatewayTestSupport {

    @Test
    void protectedRouteWithoutTokenIsUnauthorizedProblem() {
        client.get().uri("/api/v1/portfolios").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").exists()
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void validTokenReachesTheServiceWithItsAuthorizationHeader() {
        String token = TestTokens.valid();
        client.get().uri("/api/v1/portfolios/7").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.uri").isEqualTo("/api/v1/portfolios/7")
                .jsonPath("$.headers.authorization[0]").isEqualTo("Bearer " + token);
    }

    @Test
    void aKeyFromTheJwksWithAnAlgorithmOffTheAllowListIsRejected() {
        // RS256 with an RSA key the JWKS does publish: valid except that user-service never signs that way.
        String token = TestTokens.forUser("rsa-user").signedByRsa().build();
        client.get().uri("/api/v1/watchlists").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void forgedAndBrokenTokensAreRejectedAsInvalid() {
        String user = UUID.randomUUID().toString();
        String valid = TestTokens.forUser(user).build();
        Map<String, String> attacks = Map.of(
                "expired", TestTokens.forUser(user).expiresAt(Instant.now().minusSeconds(120)).build(),
                "tampered", TestTokens.tampered(valid, payload -> payload.replace(user, "someone-else")),
                "alg none", TestTokens.unsigned(user),
                "HS256 with the public key", TestTokens.hmacWithPublicKey(user),
                "wrong key, same kid", TestTokens.forUser(user).signedBy(TestTokens.STRANGER).build(),
                "wrong issuer", TestTokens.forUser(user).issuer("https://evil.example").build(),
                "wrong audience", TestTokens.forUser(user).audience("another-api").build(),
                "no audience", TestTokens.forUser(user).audience(null).build(),
                "not an access token", TestTokens.forUser(user).type("JWT").build(),
                "garbage", "not.a.jwt");
        attacks.forEach((attack, token) -> client.get().uri("/api/v1/portfolios")
                .header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
                .expectStatus().value(status -> assertThat(status).as(attack).isEqualTo(401))
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).as(attack).startsWith("Bearer error=\"invalid_token\""))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401));
    }

    @Test
    void anInvalidTokenIsRejectedEvenOnAPublicRoute() {
        client.get().uri("/api/v1/market/ticker?symbol=BTC-USDT")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.unsigned("x"))).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void expiryAllowsTheConfiguredClockSkewOnly() {
        client.get().uri("/api/v1/alerts").header(HttpHeaders.AUTHORIZATION,
                        bearer(TestTokens.forUser("skewed").expiresAt(Instant.now().minusSeconds(5)).build()))
                .exchange().expectStatus().isOk();
    }

    @Test
    void publicRoutesNeedNoToken() {
        for (String path : new String[] {"/api/v1/market/ticker?symbol=BTC-USDT", "/api/v1/candles?symbol=BTC-USDT",
                "/api/v1/indicators/BTC-USDT", "/api/v1/signals", "/api/v1/analytics/rsi/BTC-USDT",
                "/api/v1/sentiment/BTC", "/.well-known/jwks.json"}) {
            client.get().uri(path).exchange().expectStatus().isOk();
        }
        for (String path : new String[] {"/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/refresh"}) {
            client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectStatus().isOk();
        }
    }

    @Test
    void writesToPublicReadRoutesAndEverythingElseNeedAToken() {
        client.post().uri("/api/v1/market/ticker").bodyValue("{}").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/v1/auth/logout").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/users/me").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/ml/models").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/exchange-keys").exchange().expectStatus().isUnauthorized();
        // The gateway routes the trailing-slash form of an exact path too, so it is guarded too.
        client.post().uri("/api/v1/candles/").bodyValue("{}").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/v1/signals/").bodyValue("{}").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void adminOnlyRoutesAreForbiddenToOtherUsers() {
        client.post().uri("/api/v1/auth/signing-keys/rotate")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid())).exchange()
                .expectStatus().isForbidden()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403);
        client.post().uri("/api/v1/auth/signing-keys/rotate")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.forUser("root").roles("admin").build()))
                .exchange().expectStatus().isOk();
    }

    @Test
    void aClientCannotClaimToBeAUserByHeader() {
        client.get().uri("/api/v1/market/ticker").header("X-User-Id", "victim").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.headers['x-user-id']").doesNotExist();
    }

    @Test
    void tokenSentTwiceIsABadRequest() {
        client.get().uri("/api/v1/alerts")
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid()), bearer(TestTokens.valid()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void madeUpKeyIdsDoNotMakeTheGatewayFetchTheJwksAgainAndAgain() {
        client.get().uri("/api/v1/alerts").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid()))
                .exchange().expectStatus().isOk();
        int before = TestTokens.jwksFetches();
        for (int i = 0; i < 5; i++) {
            client.get().uri("/api/v1/alerts").header(HttpHeaders.AUTHORIZATION,
                            bearer(TestTokens.forUser("u").keyId("kid-" + UUID.randomUUID()).build()))
                    .exchange().expectStatus().isUnauthorized();
        }
        assertThat(TestTokens.jwksFetches() - before).isLessThanOrEqualTo(1);
    }
}
