package io.coinlens.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Access tokens as user-service mints them (ES256, {@code typ at+jwt}, issuer, audience, sub, roles), signed with
 * test keys whose JWKS a small local server publishes, plus the broken and forged variants an attacker would try.
 */
public final class TestTokens {

    public static final String ISSUER = "https://coinlens.io";
    public static final String AUDIENCE = "coinlens-api";

    public static final ECKey KEY = ec("test-key-1");
    public static final RSAKey RSA_KEY = rsa("test-rsa-1");
    /** Not in the JWKS. */
    public static final ECKey STRANGER = ec("test-key-1");

    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
    private static DisposableServer jwks;

    private TestTokens() {
    }

    public static synchronized String jwksUri() {
        if (jwks == null) {
            String body = new JWKSet(List.<JWK>of(KEY.toPublicJWK(), RSA_KEY.toPublicJWK())).toString();
            jwks = HttpServer.create().host("127.0.0.1").port(0)
                    .route(routes -> routes.get("/.well-known/jwks.json", (request, response) -> {
                        JWKS_FETCHES.incrementAndGet();
                        return response.header("Content-Type", "application/json").sendString(Mono.just(body));
                    }))
                    .bindNow();
        }
        return "http://127.0.0.1:" + jwks.port() + "/.well-known/jwks.json";
    }

    public static int jwksFetches() {
        return JWKS_FETCHES.get();
    }

    /** A valid token for a new, random user. */
    public static String valid() {
        return forUser(UUID.randomUUID().toString()).build();
    }

    public static Builder forUser(String subject) {
        return new Builder(subject);
    }

    /** {@code alg: none}: no signature at all. */
    public static String unsigned(String subject) {
        return new PlainJWT(new com.nimbusds.jose.PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(),
                claims(subject, ISSUER, AUDIENCE, Instant.now().plusSeconds(300), List.of("user"))).serialize();
    }

    /** HS256 with the public key as the shared secret: the classic algorithm-confusion forgery. */
    public static String hmacWithPublicKey(String subject) {
        byte[] secret = KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(),
                    claims(subject, ISSUER, AUDIENCE, Instant.now().plusSeconds(300), List.of("user")));
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload changed after signing, the signature kept. */
    public static String tampered(String token, UnaryOperator<String> payload) {
        String[] parts = token.split("\\.");
        String json = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
        return parts[0] + "." + Base64URL.encode(payload.apply(json)) + "." + parts[2];
    }

    private static JWTClaimsSet claims(String subject, String issuer, String audience, Instant expiresAt,
            List<String> roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(expiresAt))
                .claim("roles", roles)
                .claim("sid", UUID.randomUUID().toString());
        if (audience != null) {
            claims.audience(audience);
        }
        return claims.build();
    }

    public static final class Builder {

        private final String subject;
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(15));
        private String type = "at+jwt";
        private List<String> roles = List.of("user");
        private JWK key = KEY;
        private JWSAlgorithm algorithm = JWSAlgorithm.ES256;
        private String keyId;

        Builder(String subject) {
            this.subject = subject;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder roles(String... roles) {
            this.roles = List.of(roles);
            return this;
        }

        public Builder signedBy(ECKey key) {
            this.key = key;
            this.algorithm = JWSAlgorithm.ES256;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder signedByRsa() {
            this.key = RSA_KEY;
            this.algorithm = JWSAlgorithm.RS256;
            return this;
        }

        public String build() {
            JWSHeader.Builder header = new JWSHeader.Builder(algorithm)
                    .keyID(keyId != null ? keyId : key.getKeyID());
            if (type != null) {
                header.type(new JOSEObjectType(type));
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims(subject, issuer, audience, expiresAt, roles));
            try {
                JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
                jwt.sign(signer);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jwt.serialize();
        }
    }

    private static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
