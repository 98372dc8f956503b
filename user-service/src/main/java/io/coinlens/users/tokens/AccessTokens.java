package io.coinlens.users.tokens;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.coinlens.users.config.UserProperties;
import io.coinlens.users.web.ApiProblem;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issues RFC 9068-style access tokens: ES256 JWTs with {@code typ: at+jwt} and the signing key's {@code kid}, so
 * verifiers pick the key from the JWKS and can tell an access token from any other JWT.
 */
@Component
public class AccessTokens {

    public static final String TYPE = "at+jwt";
    public static final String ROLES = "roles";
    /** The token family (login) this token belongs to; revoking the family ends the token here. */
    public static final String SESSION = "sid";

    /** An access token and how many seconds it lives. */
    public record Issued(String value, long expiresIn) {
    }

    private final SigningKeys keys;
    private final Clock clock;
    private final String issuer;
    private final String audience;
    private final Duration ttl;

    AccessTokens(SigningKeys keys, Clock clock, UserProperties properties) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = properties.tokens().issuer();
        this.audience = properties.tokens().audience();
        this.ttl = properties.tokens().accessTokenTtl();
    }

    public Issued issue(UUID userId, String role, UUID familyId) {
        SigningKey key = keys.current().orElseThrow(() ->
                ApiProblem.unavailable("Tokens cannot be issued right now.", Duration.ofSeconds(5)));
        Instant now = clock.instant();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).type(TYPE).keyId(key.kid()).build();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .audience(List.of(audience))
                .subject(userId.toString())
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim(ROLES, List.of(role))
                .claim(SESSION, familyId.toString())
                .build();
        // One key per encoder: the encoder cannot pick a key other than the one named in the header.
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key.signingJwk())));
        return new Issued(encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue(), ttl.toSeconds());
    }
}
