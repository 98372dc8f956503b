package io.coinlens.portfolio.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/**
 * One event for one webhook: {@code pending} (with its next attempt), {@code delivered}, or {@code dead} once every
 * attempt failed or the receiver's address is refused. A dead delivery stays listed until its owner replays it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(UUID id, UUID webhookId, @JsonIgnore String userId, String eventId, String status,
        int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
        Instant deliveredAt, @JsonIgnore String payload) {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String DEAD = "dead";
}
