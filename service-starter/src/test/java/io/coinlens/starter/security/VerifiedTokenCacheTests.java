package io.coinlens.starter.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokenCacheTests {

    private final AtomicInteger verifications = new AtomicInteger();
    private final MutableClock clock = new MutableClock();
    private final ReactiveJwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "ES256").subject("u")
                .issuedAt(clock.instant()).expiresAt(clock.instant().plus(Duration.ofMinutes(15))).build());
    };
    private final VerifiedTokenCache cache = new VerifiedTokenCache(verifier, timestamps(), 100,
            Duration.ofSeconds(30), clock);

    @Test
    void aTokenIsVerifiedOnceWhileItLives() {
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(cache.decode("good-1")).expectNextCount(1).verifyComplete();
        }
        assertThat(verifications).hasValue(1);
    }

    @Test
    void failuresAreNeverRemembered() {
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(cache.decode("forged")).verifyError(BadJwtException.class);
        }
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRememberedTokenStillExpires() {
        StepVerifier.create(cache.decode("good-2")).expectNextCount(1).verifyComplete();
        clock.advance(Duration.ofMinutes(15).plusSeconds(31));
        StepVerifier.create(cache.decode("good-2")).verifyError(BadJwtException.class);
    }

    private JwtTimestampValidator timestamps() {
        JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ofSeconds(30));
        validator.setClock(clock);
        return validator;
    }
}
