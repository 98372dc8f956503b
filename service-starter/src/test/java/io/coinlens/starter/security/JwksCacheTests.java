package io.coinlens.starter.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coinlens.testing.AccessTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class JwksCacheTests {

    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    private final MutableClock clock = new MutableClock();
    private final DisposableServer jwks = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/jwks", (request, response) -> {
                fetches.incrementAndGet();
                if (down.get()) {
                    return response.status(503).send();
                }
                return response.sendString(Mono.just(new JWKSet(List.<JWK>of(AccessTokens.KEY.toPublicJWK())).toString()));
            }))
            .bindNow();
    private final JwksCache client = new JwksCache(WebClient.create(),
            URI.create("http://127.0.0.1:" + jwks.port() + "/jwks"), Duration.ofMinutes(5), Duration.ofSeconds(30),
            Duration.ofSeconds(15), clock);

    @AfterEach
    void stop() {
        jwks.disposeNow();
    }

    @Test
    void keysAreFetchedOnceAndCached() {
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(client.keysFor(token(AccessTokens.KEY.getKeyID())).map(JWK::getKeyID))
                    .expectNext(AccessTokens.KEY.getKeyID()).verifyComplete();
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void unknownKeyIdsRefetchAtMostOncePerInterval() {
        client.keysFor(token(AccessTokens.KEY.getKeyID())).blockLast();
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(client.keysFor(token("made-up-" + i))).verifyComplete();
        }
        assertThat(fetches).hasValue(1);
        clock.advance(Duration.ofSeconds(31));
        StepVerifier.create(client.keysFor(token("rotated-in"))).verifyComplete();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void theLastKeysStayInUseWhileUserServiceIsDown() {
        client.keysFor(token(AccessTokens.KEY.getKeyID())).blockLast();
        down.set(true);
        clock.advance(Duration.ofMinutes(6));
        StepVerifier.create(client.keysFor(token(AccessTokens.KEY.getKeyID())).map(JWK::getKeyID))
                .expectNext(AccessTokens.KEY.getKeyID()).verifyComplete();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void withNoKeysYetAndUserServiceDownTheCheckFails() {
        down.set(true);
        StepVerifier.create(client.keysFor(token(AccessTokens.KEY.getKeyID()))).verifyError();
    }

    private static SignedJWT token(String kid) {
        return new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(),
                new JWTClaimsSet.Builder().subject("x").build());
    }
}
