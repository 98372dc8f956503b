package io.coinlens.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
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
import reactor.netty.resources.LoopResources;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Access tokens as user-service mints them (ES256 or RS256, {@code typ at+jwt}, issuer {@code https://coinlens.io},
 * audience {@code coinlens-api}), signed with keys generated at test time and published by a local JWKS server, plus
 * the forgeries an attacker tries. Point a service's {@code coinlens.security.jwt.jwks-uri} at {@link #jwksUri()}.
 */
public final class AccessTokens {

    public static final ECKey KEY = ec("test-ec-1");
    public static final RSAKey RSA_KEY = rsa("test-rsa-1");
    /** Same key id as {@link #KEY}, but not in the JWKS. */
    public static final ECKey STRANGER = ec("test-ec-1");

    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static DisposableServer jwks;

    private AccessTokens() {
    }

    public static synchronized String jwksUri() {
        if (jwks == null) {
            String body = new JWKSet(List.<JWK>of(KEY.toPublicJWK(), RSA_KEY.toPublicJWK())).toString();
            // Its own event loop: a test context that closes disposes Reactor Netty's global one, and this server must
            // outlive every context of the test run.
            jwks = HttpServer.create().runOn(LoopResources.create("test-jwks", 1, true)).host("127.0.0.1").port(0)
                    .route(routes -> routes.get("/.well-known/jwks.json", (request, response) -> {
                        FETCHES.incrementAndGet();
                        return response.header("Content-Type", "application/json").sendString(Mono.just(body));
                    }))
                    .bindNow();
        }
        return "http://127.0.0.1:" + jwks.port() + "/.well-known/jwks.json";
    }

    public static int fetches() {
        return FETCHES.get();
    }

    public static Builder forUser(String subject) {
        return new Builder(subject);
    }

    public static String unsigned(String subject) {
        return new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(),
                new Builder(subject).claims()).serialize();
    }

    /** HS256 keyed with the public key: the algorithm-confusion forgery. */
    public static String hmacWithPublicKey(String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), new Builder(subject).claims());
            jwt.sign(new MACSigner(KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String tampered(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String json = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
        return parts[0] + "." + Base64URL.encode(json.replace(from, to)) + "." + parts[2];
    }

    public static final class Builder {

        private final String subject;
        private String issuer = "https://coinlens.io";
        private String audience = "coinlens-api";
        private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(15));
        private String type = "at+jwt";
        private JWK key = KEY;
        private String keyId;

        private Builder(String subject) {
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

        public Builder signedBy(JWK key) {
            this.key = key;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public JWTClaimsSet claims() {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject)
                    .jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(15))))
                    .expirationTime(Date.from(expiresAt))
                    .claim("roles", List.of("user"))
                    .claim("sid", UUID.randomUUID().toString());
            if (audience != null) {
                claims.audience(audience);
            }
            return claims.build();
        }

        public String build() {
            JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
            JWSHeader.Builder header = new JWSHeader.Builder(algorithm).keyID(keyId != null ? keyId : key.getKeyID());
            if (type != null) {
                header.type(new JOSEObjectType(type));
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims());
            try {
                jwt.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
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
