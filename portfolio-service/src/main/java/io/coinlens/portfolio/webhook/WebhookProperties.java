package io.coinlens.portfolio.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Webhook delivery, under {@code coinlens.portfolio.webhooks}.
 *
 * @param requireHttps           refuse plain {@code http://} URLs (off only for a local run)
 * @param allowedPrivateNetworks CIDRs exempt from the SSRF guard, e.g. {@code 127.0.0.1/32} for a local receiver;
 *                               empty in production: loopback, private, link-local and metadata addresses are refused
 * @param maxAttempts            attempts before a delivery is parked in the user's dead-letter list
 * @param initialBackoff         wait after the first failure; doubled after each further one, with jitter
 * @param maxBackoff             the longest wait between two attempts
 * @param claimFor               how long a replica owns a delivery it is sending; after that another may retry it
 * @param connectTimeout         connecting to a receiver
 * @param responseTimeout        a receiver's answer
 * @param maxRedirects           redirects followed, each to an address the guard checks again
 * @param pollInterval           how often due deliveries are looked for
 * @param batchSize              deliveries claimed per poll
 * @param maxPerUser             webhooks a user may have
 */
@Validated
@ConfigurationProperties("coinlens.portfolio.webhooks")
public record WebhookProperties(
        @DefaultValue("true") boolean requireHttps,
        @DefaultValue List<String> allowedPrivateNetworks,
        @DefaultValue("8") @Min(1) @Max(50) int maxAttempts,
        @DefaultValue("2s") @NotNull Duration initialBackoff,
        @DefaultValue("15m") @NotNull Duration maxBackoff,
        @DefaultValue("60s") @NotNull Duration claimFor,
        @DefaultValue("3s") @NotNull Duration connectTimeout,
        @DefaultValue("10s") @NotNull Duration responseTimeout,
        @DefaultValue("3") @Min(0) @Max(10) int maxRedirects,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("50") @Min(1) int batchSize,
        @DefaultValue("10") @Min(1) int maxPerUser) {
}
