package io.coinlens.users.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Settings of user-service, under {@code coinlens.users}.
 *
 * @param maxRequestBody larger request bodies are refused with 413 before they are read
 */
@Validated
@ConfigurationProperties("coinlens.users")
public record UserProperties(
        @DefaultValue @Valid Tokens tokens,
        @DefaultValue @Valid Keys keys,
        @DefaultValue @Valid Passwords passwords,
        @DefaultValue @Valid Throttle throttle,
        @DefaultValue @Valid Preferences preferences,
        @DefaultValue @Valid Outbox outbox,
        @DefaultValue("16KB") @NotNull DataSize maxRequestBody) {

    /**
     * @param issuer the {@code iss} of access tokens; verifiers (the gateway) must expect the same
     * @param audience the {@code aud} of access tokens
     * @param accessTokenTtl how long an access token is valid
     * @param refreshTokenTtl how long a refresh token is valid if unused; every use issues a new one
     * @param sessionLifetime how long a login lasts at most, however often it is refreshed
     * @param clockSkew tolerated clock difference when checking {@code exp}, {@code iat}
     */
    public record Tokens(
            @DefaultValue("https://coinlens.io") @NotBlank String issuer,
            @DefaultValue("coinlens-api") @NotBlank String audience,
            @DefaultValue("15m") @NotNull Duration accessTokenTtl,
            @DefaultValue("30d") @NotNull Duration refreshTokenTtl,
            @DefaultValue("90d") @NotNull Duration sessionLifetime,
            @DefaultValue("60s") @NotNull Duration clockSkew) {
    }

    /**
     * @param encryptionKey base64 of the 256-bit AES key that seals signing keys in the database; from a secret
     * @param allowGeneratedEncryptionKey without an encryption key, make a throwaway one (development only)
     * @param rotationPeriod how long a signing key signs before a new one takes over
     * @param publishAhead how long a scheduled new key is in the JWKS before it signs, so caches learn it first
     * @param checkInterval how often each instance checks whether to rotate and reloads the key ring
     * @param jwksMaxAge how long clients may cache the JWKS
     */
    public record Keys(
            String encryptionKey,
            @DefaultValue("true") boolean allowGeneratedEncryptionKey,
            @DefaultValue("30d") @NotNull Duration rotationPeriod,
            @DefaultValue("10m") @NotNull Duration publishAhead,
            @DefaultValue("1m") @NotNull Duration checkInterval,
            @DefaultValue("5m") @NotNull Duration jwksMaxAge) {

        @AssertTrue(message = "publish-ahead must be at least jwks-max-age, or cached JWKS miss the next key")
        boolean isPublishAheadCoveringCaches() {
            return publishAhead == null || jwksMaxAge == null || publishAhead.compareTo(jwksMaxAge) >= 0;
        }
    }

    /**
     * NIST SP 800-63B length rules and Argon2id at OWASP's minimum (19 MiB, 2 iterations, parallelism 1).
     *
     * @param hashingThreads passwords hashed at once; each takes {@code memoryKib} of heap
     * @param hashingQueue hashing requests allowed to wait; past that the service answers 503
     */
    public record Passwords(
            @DefaultValue("8") @Min(8) int minLength,
            @DefaultValue("128") @Min(64) int maxLength,
            @DefaultValue("19456") @Min(1024) int memoryKib,
            @DefaultValue("2") @Min(1) int iterations,
            @DefaultValue("1") @Min(1) int parallelism,
            @DefaultValue("2") @Min(1) int hashingThreads,
            @DefaultValue("256") @Min(1) int hashingQueue) {
    }

    /**
     * Failed logins per account and per client address. The {@code freeFailures}-th failure in a row, and each one
     * after it, locks out for {@code baseDelay × 2^(n − freeFailures)}, capped at {@code maxDelay}, so a victim's
     * account is never locked for longer than that.
     *
     * @param failureMemory how long failures are remembered after the last one
     * @param trustedProxyHops proxies (the gateway) that append to {@code X-Forwarded-For}; 0 trusts none
     */
    public record Throttle(
            @DefaultValue("5") @Min(1) int accountFreeFailures,
            @DefaultValue("20") @Min(1) int addressFreeFailures,
            @DefaultValue("1s") @NotNull Duration baseDelay,
            @DefaultValue("15m") @NotNull Duration maxDelay,
            @DefaultValue("24h") @NotNull Duration failureMemory,
            @DefaultValue("0") @Min(0) @Max(5) int trustedProxyHops) {
    }

    /** @param quoteCurrencies the quote currencies a user may choose */
    public record Preferences(
            @DefaultValue({"USD", "USDT", "USDC", "EUR", "GBP", "JPY", "BTC", "ETH"}) @NotEmpty List<String> quoteCurrencies,
            @DefaultValue("USD") @NotBlank String defaultQuoteCurrency,
            @DefaultValue("UTC") @NotBlank String defaultTimeZone) {
    }

    /** @param pollInterval how often unpublished events are relayed to Kafka */
    public record Outbox(
            @DefaultValue("500ms") @NotNull Duration pollInterval,
            @DefaultValue("100") @Min(1) int batchSize,
            @DefaultValue("10s") @NotNull Duration sendTimeout) {
    }
}
