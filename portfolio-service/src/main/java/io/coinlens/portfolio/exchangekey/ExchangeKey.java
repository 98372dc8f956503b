package io.coinlens.portfolio.exchangekey;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.UUID;

/** A user's exchange API key. Only its last four characters are ever shown; key and secret stay sealed. */
public record ExchangeKey(UUID id, @JsonIgnore String userId, String exchange, String label, String keyHint,
        @JsonIgnore String sealedKey, @JsonIgnore String sealedSecret, Instant createdAt, Instant lastUsedAt) {

    /** Associated data of both sealed values: a sealed value moved to another row or user does not open. */
    static String associatedData(UUID id, String userId) {
        return "exchange-key:" + id + ":" + userId;
    }
}
