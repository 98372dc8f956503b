package io.coinlens.users.tokens;

import io.coinlens.users.config.UserProperties;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokenValidationTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final UserProperties.Tokens TOKENS = new UserProperties.Tokens("https://coinlens.io", "coinlens-api",
            Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofDays(90), Duration.ofSeconds(60));

    private final OAuth2TokenValidator<Jwt> validator =
            AccessTokenDecoder.validator(TOKENS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsAWellFormedAccessToken() {
        assertThat(validate(jwt -> { })).isTrue();
    }

    @Test
    void toleratesTheConfiguredClockSkewOnly() {
        Instant issued = NOW.minus(Duration.ofMinutes(16));
        assertThat(validate(jwt -> jwt.issuedAt(issued).expiresAt(NOW.minusSeconds(59)))).isTrue();
        assertThat(validate(jwt -> jwt.issuedAt(issued).expiresAt(NOW.minusSeconds(61)))).isFalse();
        assertThat(validate(jwt -> jwt.issuedAt(NOW.plusSeconds(120)).expiresAt(NOW.plusSeconds(900)))).isFalse();
    }

    @Test
    void acceptsTokensThroughoutTheirLifetime() {
        assertThat(validate(jwt -> jwt.issuedAt(NOW.minus(Duration.ofMinutes(14))).expiresAt(NOW.plusSeconds(60)))).isTrue();
    }

    @Test
    void requiresTheAccessTokenType() {
        assertThat(validate(jwt -> jwt.header("typ", "JWT"))).isFalse();
        assertThat(validate(jwt -> jwt.headers(h -> h.remove("typ")))).isFalse();
    }

    @Test
    void requiresIssuerAndAudience() {
        assertThat(validate(jwt -> jwt.issuer("https://elsewhere.example"))).isFalse();
        assertThat(validate(jwt -> jwt.audience(List.of("another-api")))).isFalse();
        assertThat(validate(jwt -> jwt.claims(c -> c.remove("aud")))).isFalse();
        assertThat(validate(jwt -> jwt.audience(List.of("another-api", "coinlens-api")))).isTrue();
    }

    @Test
    void requiresSubjectIdExpiryAndSession() {
        for (String claim : List.of("sub", "jti", "iat", "exp", "sid")) {
            assertThat(validate(jwt -> jwt.claims(c -> c.remove(claim)))).as(claim).isFalse();
        }
    }

    private boolean validate(Consumer<Jwt.Builder> change) {
        Jwt.Builder builder = Jwt.withTokenValue("token")
                .header("alg", "ES256").header("typ", "at+jwt").header("kid", "k1")
                .issuer("https://coinlens.io").audience(List.of("coinlens-api"))
                .subject(UUID.randomUUID().toString()).jti(UUID.randomUUID().toString())
                .issuedAt(NOW.minusSeconds(10)).expiresAt(NOW.plus(Duration.ofMinutes(14)))
                .claim("sid", UUID.randomUUID().toString()).claim("roles", List.of("user"));
        change.accept(builder);
        return !validator.validate(builder.build()).hasErrors();
    }
}
