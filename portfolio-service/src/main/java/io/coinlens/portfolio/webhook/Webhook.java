package io.coinlens.portfolio.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.UUID;

/** A user's webhook. The secret is never serialized: it is shown once, when the webhook is created. */
public record Webhook(UUID id, @JsonIgnore String userId, String url, @JsonIgnore String secret, String description,
        boolean active, Instant createdAt) {
}
