package io.coinlens.users.tokens;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.coinlens.users.support.Api.Account;
import io.coinlens.users.support.Api.Tokens;
import io.coinlens.users.support.UserServiceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.coinlens.users.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way a forged or stale bearer token might get in, and the keys that tell real ones apart. */
class AccessTokenIntegrationTests extends UserServiceTestBase {

    @Autowired
    private SigningKeys keys;

    private Account account;
    private Tokens tokens;
    private JWTClaimsSet realClaims;

    @BeforeEach
    void signedIn() throws Exception {
        account = api.register();
        tokens = api.login(account);
        realClaims = SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet();
    }

    @Test
    void issuesAccessTokensWithTheAgreedHeaderAndClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.accessToken());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://coinlens.io");
        assertThat(claims.getAudience()).containsExactly("coinlens-api");
        assertThat(claims.getSubject()).isEqualTo(account.id());
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getStringListClaim("roles")).containsExactly("user");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void missingTokenIsUnauthorized() {
        assertThat(assertProblem(api.get("/api/v1/users/me", null), 401))
                .containsEntry("detail", "This needs an access token in the Authorization header.");
        api.get("/api/v1/users/me", null).expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    @Test
    void garbageTokenIsUnauthorized() {
        assertProblem(api.get("/api/v1/users/me", "not.a.jwt"), 401);
        api.get("/api/v1/users/me", "not.a.jwt").expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    }

    @Test
    void expiredTokenIsUnauthorized() throws Exception {
        Instant past = Instant.now().minus(Duration.ofMinutes(20));
        JWTClaimsSet expired = new JWTClaimsSet.Builder(realClaims)
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plus(Duration.ofMinutes(15)))).build();
        assertProblem(api.get("/api/v1/users/me", signWithServiceKey(atJwtHeader(), expired)), 401);
    }

    @Test
    void tokenIssuedInTheFutureIsUnauthorized() throws Exception {
        Instant later = Instant.now().plus(Duration.ofMinutes(10));
        JWTClaimsSet future = new JWTClaimsSet.Builder(realClaims)
                .issueTime(Date.from(later)).expirationTime(Date.from(later.plus(Duration.ofMinutes(15)))).build();
        assertProblem(api.get("/api/v1/users/me", signWithServiceKey(atJwtHeader(), future)), 401);
    }

    @Test
    void tamperedTokenIsUnauthorized() {
        Account other = api.register();
        String[] parts = tokens.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(account.id(), other.id());
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertProblem(api.get("/api/v1/users/me", tampered), 401);
    }

    @Test
    void unsignedTokenIsUnauthorized() {
        String none = new PlainJWT(realClaims).serialize();
        assertThat(none).endsWith(".");
        assertProblem(api.get("/api/v1/users/me", none), 401);
    }

    @Test
    void tokenSignedByAnotherKeyWithTheSameKidIsUnauthorized() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(keys.current().orElseThrow().kid()).generate();
        SignedJWT jwt = new SignedJWT(atJwtHeader(), realClaims);
        jwt.sign(new ECDSASigner(impostor));
        assertProblem(api.get("/api/v1/users/me", jwt.serialize()), 401);
    }

    @Test
    void hmacTokenKeyedWithThePublicKeyIsUnauthorized() throws Exception {
        SigningKey key = keys.current().orElseThrow();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                .keyID(key.kid()).build(), realClaims);
        jwt.sign(new MACSigner(key.publicKey().getEncoded()));
        assertProblem(api.get("/api/v1/users/me", jwt.serialize()), 401);
    }

    @Test
    void tokenForAnotherAudienceIsUnauthorized() throws Exception {
        JWTClaimsSet otherAudience = new JWTClaimsSet.Builder(realClaims).audience("some-other-api").build();
        assertProblem(api.get("/api/v1/users/me", signWithServiceKey(atJwtHeader(), otherAudience)), 401);
    }

    @Test
    void tokenFromAnotherIssuerIsUnauthorized() throws Exception {
        JWTClaimsSet otherIssuer = new JWTClaimsSet.Builder(realClaims).issuer("https://evil.example").build();
        assertProblem(api.get("/api/v1/users/me", signWithServiceKey(atJwtHeader(), otherIssuer)), 401);
    }

    @Test
    void jwtThatIsNotAnAccessTokenIsUnauthorized() throws Exception {
        String kid = keys.current().orElseThrow().kid();
        JWSHeader plainJwt = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(kid).build();
        JWSHeader untyped = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build();
        assertProblem(api.get("/api/v1/users/me", signWithServiceKey(plainJwt, realClaims)), 401);
        assertProblem(api.get("/api/v1/users/me", signWithServiceKey(untyped, realClaims)), 401);
    }

    @Test
    void validTokenSignedByTheServiceKeyIsAccepted() throws Exception {
        // The forging helper itself is sound: the same claims, re-signed by the real key, get in.
        assertThat(api.accepts(signWithServiceKey(atJwtHeader(), realClaims))).isTrue();
    }

    @Test
    void tokenIsAcceptedForItsWholeLifetime() throws Exception {
        Instant issued = Instant.now().minus(Duration.ofMinutes(14));
        JWTClaimsSet old = new JWTClaimsSet.Builder(realClaims)
                .issueTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofMinutes(15)))).build();
        assertThat(api.accepts(signWithServiceKey(atJwtHeader(), old))).isTrue();
    }

    @Test
    void jwksHoldsTheKeyThatVerifiesIssuedTokensAndMayBeCached() throws Exception {
        String body = web.get().uri("/.well-known/jwks.json").exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("max-age=300").contains("public"))
                .expectBody(String.class).returnResult().getResponseBody();
        JWKSet jwks = JWKSet.parse(body);
        assertThat(body).doesNotContain("\"d\"");

        SignedJWT jwt = SignedJWT.parse(tokens.accessToken());
        ECKey published = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(published).isNotNull();
        assertThat(published.isPrivate()).isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(published))).isTrue();
    }

    @Test
    void onlyAdminsRotateKeysAndTheJwksKeepsThePreviousKey() throws Exception {
        assertProblem(api.send(HttpMethod.POST, "/api/v1/auth/signing-keys/rotate", tokens.accessToken(), null), 403);

        Account admin = api.register();
        db.sql("update users set role = 'admin' where id = :id").bind("id", UUID.fromString(admin.id())).then()
                .block(Duration.ofSeconds(5));
        Tokens adminTokens = api.login(admin);
        String before = SignedJWT.parse(adminTokens.accessToken()).getHeader().getKeyID();

        Map<?, ?> rotated = api.send(HttpMethod.POST, "/api/v1/auth/signing-keys/rotate", adminTokens.accessToken(), null)
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        String after = (String) rotated.get("kid");
        assertThat(after).isNotEqualTo(before);

        List<String> published = JWKSet.parse(web.get().uri("/.well-known/jwks.json").exchange()
                        .expectBody(String.class).returnResult().getResponseBody())
                .getKeys().stream().map(k -> k.getKeyID()).toList();
        assertThat(published).contains(before, after);

        // Tokens signed before the rotation still work; new ones are signed with the new key.
        assertThat(api.accepts(tokens.accessToken())).isTrue();
        Tokens fresh = api.login(account);
        assertThat(SignedJWT.parse(fresh.accessToken()).getHeader().getKeyID()).isEqualTo(after);
        assertThat(api.accepts(fresh.accessToken())).isTrue();
        assertThat(count("select count(*) from audit_log where action = 'SIGNING_KEY_ROTATED' and user_id = $1",
                UUID.fromString(admin.id()))).isEqualTo(1);
    }

    @Test
    void tokensOfADeletedAccountStopWorking() {
        api.send(HttpMethod.DELETE, "/api/v1/users/me", tokens.accessToken(), Map.of("password", account.password()))
                .expectStatus().isNoContent();
        assertProblem(api.get("/api/v1/users/me", tokens.accessToken()), 401);
        assertProblem(api.refresh(tokens.refreshToken()), 401);
    }

    private JWSHeader atJwtHeader() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(keys.current().orElseThrow().kid()).build();
    }

    private String signWithServiceKey(JWSHeader header, JWTClaimsSet claims) throws Exception {
        SigningKey key = keys.current().orElseThrow();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(key.signingJwk()));
        return jwt.serialize();
    }
}
