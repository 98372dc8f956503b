package io.coinlens.users.auth;

import io.swagger.v3.oas.annotations.media.Schema;

/** Tokens for a session: a short-lived access token and a single-use refresh token. */
public record TokenResponse(
        @Schema(description = "JWT for the Authorization: Bearer header") String accessToken,
        @Schema(description = "Opaque; valid for one use only, which returns a new one") String refreshToken,
        @Schema(description = "Seconds until the access token expires", example = "900") long expiresIn,
        @Schema(example = "Bearer") String tokenType) {

    static TokenResponse bearer(String accessToken, String refreshToken, long expiresIn) {
        return new TokenResponse(accessToken, refreshToken, expiresIn, "Bearer");
    }
}
