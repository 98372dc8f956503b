package io.coinlens.portfolio.watchlist;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A named list of symbols ({@code BTC-USDT}) a user follows. */
public record Watchlist(UUID id, @JsonIgnore String userId, String name, List<String> symbols, Instant createdAt,
        Instant updatedAt) {
}
