package io.coinlens.starter.security;

import io.coinlens.testing.AccessTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = JwtResourceServerIntegrationTests.SecuredService.class,
        properties = {"spring.application.name=secured-test", "coinlens.security.jwt.jwks-refresh-min-interval=1h",
                "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
                "management.endpoint.health.group.readiness.include=readinessState"})
@AutoConfigureWebTestClient
class JwtResourceServerIntegrationTests {

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("coinlens.security.jwt.jwks-uri", AccessTokens::jwksUri);
    }

    @Autowired
    WebTestClient web;

    @Test
    void withoutATokenTheAnswerIsA401Problem() {
        web.get().uri("/api/v1/whoami").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.instance").isEqualTo("/api/v1/whoami")
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void es256AndRs256TokensFromTheJwksIdentifyTheUserBySubject() {
        String user = UUID.randomUUID().toString();
        whoami(AccessTokens.forUser(user).build()).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(user);
        whoami(AccessTokens.forUser(user).signedBy(AccessTokens.RSA_KEY).build()).expectStatus().isOk()
                .expectBody(String.class).isEqualTo(user);
    }

    @Test
    void forgedAndBrokenTokensAreRejectedAsInvalid() {
        String user = UUID.randomUUID().toString();
        String valid = AccessTokens.forUser(user).build();
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("expired beyond the skew", AccessTokens.forUser(user).expiresAt(Instant.now().minusSeconds(120)).build());
        attacks.put("tampered", AccessTokens.tampered(valid, user, UUID.randomUUID().toString()));
        attacks.put("alg none", AccessTokens.unsigned(user));
        attacks.put("HS256 with the public key", AccessTokens.hmacWithPublicKey(user));
        attacks.put("wrong key, same kid", AccessTokens.forUser(user).signedBy(AccessTokens.STRANGER).build());
        attacks.put("wrong issuer", AccessTokens.forUser(user).issuer("https://evil.example").build());
        attacks.put("wrong audience", AccessTokens.forUser(user).audience("another-api").build());
        attacks.put("no audience", AccessTokens.forUser(user).audience(null).build());
        attacks.put("not an access token", AccessTokens.forUser(user).type("JWT").build());
        attacks.put("no type", AccessTokens.forUser(user).type(null).build());
        attacks.put("garbage", "not.a.jwt");
        attacks.forEach((attack, token) -> whoami(token)
                .expectStatus().value(status -> assertThat(status).as(attack).isEqualTo(401))
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).as(attack).startsWith("Bearer error=\"invalid_token\""))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401));
    }

    @Test
    void expiryToleratesTheClockSkewOnly() {
        whoami(AccessTokens.forUser("skewed").expiresAt(Instant.now().minusSeconds(5)).build()).expectStatus().isOk();
        whoami(AccessTokens.forUser("late").expiresAt(Instant.now().minusSeconds(45)).build()).expectStatus().isUnauthorized();
    }

    @Test
    void madeUpKeyIdsDoNotMakeTheServiceFetchTheJwksAgainAndAgain() {
        whoami(AccessTokens.forUser("u").build()).expectStatus().isOk();
        int before = AccessTokens.fetches();
        for (int i = 0; i < 5; i++) {
            whoami(AccessTokens.forUser("u").keyId("made-up-" + i).build()).expectStatus().isUnauthorized();
        }
        assertThat(AccessTokens.fetches() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void probesAndApiDocsNeedNoTokenButOtherPathsDo() {
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        web.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        web.get().uri("/internal/anything").exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/v1/whoami").exchange().expectStatus().isUnauthorized();
    }

    private WebTestClient.ResponseSpec whoami(String token) {
        return web.get().uri("/api/v1/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(WhoAmIController.class)
    static class SecuredService {
    }

    @RestController
    static class WhoAmIController {

        @GetMapping("/api/v1/whoami")
        Mono<String> whoami(@AuthenticationPrincipal Jwt jwt) {
            return Mono.just(jwt.getSubject());
        }
    }
}
