package io.coinlens.users.tokens;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.coinlens.users.config.UserProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.Map;

/** The public keys that verify access tokens: the signing key, any upcoming one, and retired ones until their tokens expire. */
@RestController
@Tag(name = "keys")
class JwksController {

    static final String PATH = "/.well-known/jwks.json";
    static final String JWK_SET_JSON = "application/jwk-set+json";

    private final SigningKeys keys;
    private final Duration maxAge;

    JwksController(SigningKeys keys, UserProperties properties) {
        this.keys = keys;
        this.maxAge = properties.keys().jwksMaxAge();
    }

    @GetMapping(path = PATH, produces = {JWK_SET_JSON, "application/json"})
    @Operation(summary = "JSON Web Key Set (RFC 7517) of the keys that verify access tokens")
    ResponseEntity<Map<String, Object>> jwks() {
        JWKSet set = new JWKSet(keys.published().stream().map(SigningKey::publicJwk).map(JWK.class::cast).toList());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(maxAge).cachePublic())
                .body(set.toJSONObject(true));
    }
}
