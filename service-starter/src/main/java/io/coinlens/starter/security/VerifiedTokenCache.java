package io.coinlens.starter.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers tokens that passed the full check, keyed by the whole token (signature included, so a changed token is a
 * different key), until they expire. A client sends the same access token for its whole life, and an ES256 check
 * costs more CPU than everything else the gateway does for a request. The time checks still run on every use; a
 * signing key withdrawn from the JWKS stops being trusted here when its cached tokens expire (15 minutes at most).
 */
public final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> timeChecks;
    private final Cache<String, Jwt> verified;

    public VerifiedTokenCache(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> timeChecks, long maximumSize,
            Duration clockSkew, Clock clock) {
        this.verifier = verifier;
        this.timeChecks = timeChecks;
        this.verified = Caffeine.newBuilder()
                // Upkeep on the calling thread: on the common pool it woke a thread every few requests.
                .executor(Runnable::run)
                .maximumSize(maximumSize)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> {
                    Duration left = Duration.between(clock.instant(), jwt.getExpiresAt()).plus(clockSkew);
                    return left.isNegative() ? Duration.ZERO : left;
                }))
                .build();
    }

    /**
     * The token's claims if it passed the full check before and its time checks still pass, else null (never
     * verified here, evicted, or expired): a look-up only, for callers that send anything else the full way.
     */
    public Jwt verifiedEarlier(String token) {
        Jwt known = verified.getIfPresent(token);
        return known == null || timeChecks.validate(known).hasErrors() ? null : known;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            return verifier.decode(token).doOnNext(jwt -> verified.put(token, jwt));
        }
        OAuth2TokenValidatorResult result = timeChecks.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            return Mono.error(new JwtValidationException("the token has expired", result.getErrors()));
        }
        return Mono.just(known);
    }
}
