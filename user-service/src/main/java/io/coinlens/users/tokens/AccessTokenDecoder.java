package io.coinlens.users.tokens;

import com.nimbusds.jose.jwk.JWK;
import io.coinlens.users.config.UserProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Validates bearer tokens against this service's own keys (no HTTP round trip to its JWKS): ES256 only, so neither
 * {@code none} nor an HMAC signed with the public key passes; {@code typ at+jwt}; issuer, audience, expiry with
 * clock skew; and, since this service holds the sessions, that the token's family was not logged out or revoked.
 */
@Component
public class AccessTokenDecoder implements ReactiveJwtDecoder {

    private final NimbusReactiveJwtDecoder signatureAndClaims;
    private final RefreshTokenRepository families;

    AccessTokenDecoder(SigningKeys keys, RefreshTokenRepository families, Clock clock, UserProperties properties) {
        this.families = families;
        this.signatureAndClaims = NimbusReactiveJwtDecoder
                .withJwkSource(jwt -> keys.verifying(jwt.getHeader().getKeyID()).map(SigningKey::publicJwk).flux()
                        .cast(JWK.class))
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .validateType(false)
                .build();
        this.signatureAndClaims.setJwtValidator(validator(properties.tokens(), clock));
    }

    static OAuth2TokenValidator<Jwt> validator(UserProperties.Tokens tokens, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(tokens.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        // Not JwtIssuedAtValidator: it also refuses tokens issued more than the skew ago, i.e. after a minute.
        OAuth2TokenValidator<Jwt> issuedAt = new JwtClaimValidator<Instant>(JwtClaimNames.IAT,
                iat -> iat != null && !iat.isAfter(clock.instant().plus(tokens.clockSkew())));
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTypeValidator(AccessTokens.TYPE),
                timestamps,
                issuedAt,
                new JwtIssuerValidator(tokens.issuer()),
                new JwtAudienceValidator(tokens.audience()),
                required(JwtClaimNames.SUB),
                required(JwtClaimNames.JTI),
                required(AccessTokens.SESSION)));
    }

    private static OAuth2TokenValidator<Jwt> required(String claim) {
        return new JwtClaimValidator<Object>(claim, Objects::nonNull);
    }

    @Override
    public Mono<Jwt> decode(String token) {
        return signatureAndClaims.decode(token).flatMap(jwt -> {
            UUID userId;
            UUID familyId;
            try {
                userId = UUID.fromString(jwt.getSubject());
                familyId = UUID.fromString(jwt.getClaimAsString(AccessTokens.SESSION));
            } catch (IllegalArgumentException e) {
                return Mono.error(new BadJwtException("malformed subject or session"));
            }
            return families.isActive(userId, familyId)
                    .flatMap(active -> active ? Mono.just(jwt) : Mono.error(new BadJwtException("session ended")));
        });
    }
}
