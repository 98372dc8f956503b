package io.coinlens.portfolio.portfolio;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.coinlens.portfolio.holdings.CostBasisMethod;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's portfolio. Prices, costs and P&L are in {@code quoteCurrency}.
 *
 * @param allowShort whether selling more than is held opens a short position instead of being refused
 * @param archived   kept for its history, but takes no new transactions
 */
public record Portfolio(
        UUID id,
        @JsonIgnore String userId,
        String name,
        String quoteCurrency,
        CostBasisMethod costBasisMethod,
        boolean allowShort,
        boolean archived,
        Instant createdAt,
        Instant updatedAt) {
}
