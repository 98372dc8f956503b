package io.coinlens.portfolio.transaction;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * One entry of a portfolio's ledger. Quantities and prices travel as decimal strings, as in the events.
 *
 * @param seq        insertion order, which breaks ties between entries at the same instant
 * @param price      per unit in the quote currency; null where the type needs none
 * @param transferId links the two sides of a transfer
 */
public record Transaction(
        UUID id,
        UUID portfolioId,
        @JsonIgnore long seq,
        TransactionType type,
        String asset,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal fee,
        Instant executedAt,
        UUID transferId,
        String note,
        Instant createdAt) {

    /** Ledger order: by execution time, then by insertion. */
    public static final Comparator<Transaction> LEDGER_ORDER = Comparator.comparing(Transaction::executedAt)
            .thenComparingLong(Transaction::seq);
}
