package io.coinlens.portfolio.holdings;

import io.coinlens.portfolio.transaction.Transaction;
import io.coinlens.portfolio.transaction.TransactionType;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replays a portfolio's transactions into positions: lots with their cost (or, for a short position, the proceeds of
 * the units sold short), realized P&L and the amount invested. Arithmetic is exact except where a lot is split, which
 * uses 34 significant digits; callers round to the quote currency's precision only for display.
 */
public final class Ledger {

    static final MathContext SPLIT = MathContext.DECIMAL128;

    private final CostBasisMethod method;
    private final boolean allowShort;
    private final String quoteCurrency;
    private final Map<String, Position> positions = new LinkedHashMap<>();

    public Ledger(CostBasisMethod method, boolean allowShort, String quoteCurrency) {
        this.method = method;
        this.allowShort = allowShort;
        this.quoteCurrency = quoteCurrency;
    }

    /** Thrown when a transaction cannot be applied at its place in the ledger. */
    public static final class Violation extends RuntimeException {

        private final transient Transaction transaction;

        Violation(Transaction transaction, String message) {
            super(message);
            this.transaction = transaction;
        }

        public Transaction transaction() {
            return transaction;
        }
    }

    /** Units bought (or sold short) together, and what they cost (or brought in). */
    record Lot(BigDecimal quantity, BigDecimal amount) {
    }

    /** One asset's open lots and history. */
    public static final class Position {

        private final String asset;
        private final Deque<Lot> lots = new ArrayDeque<>();
        private boolean shortSide;
        private BigDecimal realized = BigDecimal.ZERO;
        private BigDecimal invested = BigDecimal.ZERO;

        Position(String asset) {
            this.asset = asset;
        }

        public String asset() {
            return asset;
        }

        /** Units held; negative for a short position. */
        public BigDecimal quantity() {
            BigDecimal sum = lots.stream().map(Lot::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            return shortSide ? sum.negate() : sum;
        }

        /** What the units held cost; for a short position, what selling them short brought in (negative). */
        public BigDecimal costBasis() {
            BigDecimal sum = lots.stream().map(Lot::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            return shortSide ? sum.negate() : sum;
        }

        public BigDecimal realized() {
            return realized;
        }

        /** Everything ever paid to acquire units of this asset, fees included. */
        public BigDecimal invested() {
            return invested;
        }

        public boolean isOpen() {
            return !lots.isEmpty();
        }

        private BigDecimal held() {
            return shortSide ? BigDecimal.ZERO : quantity();
        }
    }

    public static Ledger replay(CostBasisMethod method, boolean allowShort, String quoteCurrency,
            Iterable<Transaction> transactions) {
        Ledger ledger = new Ledger(method, allowShort, quoteCurrency);
        for (Transaction tx : transactions) {
            ledger.apply(tx);
        }
        return ledger;
    }

    public Map<String, Position> positions() {
        return positions;
    }

    public Position position(String asset) {
        return positions.computeIfAbsent(asset, Position::new);
    }

    /**
     * Applies one transaction; returns the cost basis of the units it removed (what a transfer carries to the other
     * portfolio), or zero.
     */
    public BigDecimal apply(Transaction tx) {
        Position position = position(tx.asset());
        BigDecimal quantity = tx.quantity();
        BigDecimal fee = tx.fee() == null ? BigDecimal.ZERO : tx.fee();
        BigDecimal price = tx.asset().equals(quoteCurrency) ? BigDecimal.ONE
                : tx.price() == null ? BigDecimal.ZERO : tx.price();
        TransactionType type = tx.type();
        if (type == TransactionType.BUY || type == TransactionType.DEPOSIT) {
            BigDecimal cost = quantity.multiply(price).add(fee);
            position.invested = position.invested.add(cost);
            acquire(position, quantity, cost);
            return BigDecimal.ZERO;
        }
        if (type == TransactionType.TRANSFER_IN) {
            BigDecimal cost = quantity.multiply(price);
            position.invested = position.invested.add(cost);
            acquire(position, quantity, cost);
            return BigDecimal.ZERO;
        }
        if (type == TransactionType.SELL) {
            sell(tx, position, quantity, quantity.multiply(price).subtract(fee));
            return BigDecimal.ZERO;
        }
        // WITHDRAWAL, TRANSFER_OUT, FEE: units leave at their cost; never more than are held, short or not.
        if (position.held().compareTo(quantity) < 0) {
            throw new Violation(tx, "Cannot take " + quantity.toPlainString() + " " + tx.asset() + " out at "
                    + tx.executedAt() + ": only " + position.held().toPlainString() + " held then.");
        }
        BigDecimal cost = take(position, quantity);
        position.realized = position.realized.subtract(fee);
        if (type == TransactionType.FEE) {
            position.realized = position.realized.subtract(cost);
        }
        if (position.lots.isEmpty()) {
            position.shortSide = false;
        }
        return cost;
    }

    private void acquire(Position position, BigDecimal quantity, BigDecimal cost) {
        BigDecimal remaining = quantity;
        BigDecimal remainingCost = cost;
        if (position.shortSide && position.isOpen()) {
            BigDecimal shortQuantity = position.quantity().negate();
            BigDecimal covered = remaining.min(shortQuantity);
            BigDecimal coverCost = covered.compareTo(remaining) == 0 ? remainingCost
                    : remainingCost.multiply(covered).divide(remaining, SPLIT);
            BigDecimal proceeds = take(position, covered);
            position.realized = position.realized.add(proceeds).subtract(coverCost);
            remaining = remaining.subtract(covered);
            remainingCost = remainingCost.subtract(coverCost);
            if (!position.isOpen()) {
                position.shortSide = false;
            }
        }
        if (remaining.signum() > 0) {
            position.shortSide = false;
            addLot(position, new Lot(remaining, remainingCost));
        }
    }

    private void sell(Transaction tx, Position position, BigDecimal quantity, BigDecimal proceeds) {
        BigDecimal held = position.held();
        if (quantity.compareTo(held) > 0 && !allowShort) {
            throw new Violation(tx, "Cannot sell " + quantity.toPlainString() + " " + tx.asset() + " at "
                    + tx.executedAt() + ": only " + held.toPlainString()
                    + " held then, and this portfolio does not allow short positions.");
        }
        BigDecimal closed = quantity.min(held);
        BigDecimal remaining = quantity;
        BigDecimal remainingProceeds = proceeds;
        if (closed.signum() > 0) {
            BigDecimal closedProceeds = closed.compareTo(quantity) == 0 ? proceeds
                    : proceeds.multiply(closed).divide(quantity, SPLIT);
            BigDecimal cost = take(position, closed);
            position.realized = position.realized.add(closedProceeds).subtract(cost);
            remaining = remaining.subtract(closed);
            remainingProceeds = remainingProceeds.subtract(closedProceeds);
        }
        if (remaining.signum() > 0) {
            position.shortSide = true;
            addLot(position, new Lot(remaining, remainingProceeds));
        }
    }

    private void addLot(Position position, Lot lot) {
        if (method == CostBasisMethod.AVERAGE && !position.lots.isEmpty()) {
            Lot merged = position.lots.removeFirst();
            position.lots.addFirst(new Lot(merged.quantity().add(lot.quantity()), merged.amount().add(lot.amount())));
        } else {
            position.lots.addLast(lot);
        }
    }

    /** Removes units from the oldest lot on (the only lot, under AVERAGE); returns their amount. */
    private static BigDecimal take(Position position, BigDecimal quantity) {
        BigDecimal remaining = quantity;
        BigDecimal amount = BigDecimal.ZERO;
        while (remaining.signum() > 0) {
            Lot lot = position.lots.removeFirst();
            if (lot.quantity().compareTo(remaining) <= 0) {
                amount = amount.add(lot.amount());
                remaining = remaining.subtract(lot.quantity());
            } else {
                BigDecimal part = lot.amount().multiply(remaining).divide(lot.quantity(), SPLIT);
                position.lots.addFirst(new Lot(lot.quantity().subtract(remaining), lot.amount().subtract(part)));
                amount = amount.add(part);
                remaining = BigDecimal.ZERO;
            }
        }
        return amount;
    }
}
