package io.coinlens.users.tokens;

import io.coinlens.users.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** Lets an admin rotate the signing key now, e.g. after a suspected leak; rotation also happens on a schedule. */
@RestController
@Tag(name = "keys")
class SigningKeyController {

    static final String ROTATE = "/api/v1/auth/signing-keys/rotate";

    record RotatedKey(String kid, Instant activatesAt) {
    }

    private final SigningKeys keys;

    SigningKeyController(SigningKeys keys) {
        this.keys = keys;
    }

    @PostMapping(ROTATE)
    @Operation(summary = "Make a new signing key that signs from now on (admin only); the previous key stays in the "
            + "JWKS until its tokens have expired", security = @SecurityRequirement(name = "bearer"))
    Mono<RotatedKey> rotate(@Parameter(hidden = true) @AuthenticationPrincipal Jwt admin) {
        return keys.rotate(true, UUID.fromString(admin.getSubject()))
                .map(key -> new RotatedKey(key.kid(), key.activatesAt()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.conflict("Another rotation is in progress; try again.")));
    }
}
