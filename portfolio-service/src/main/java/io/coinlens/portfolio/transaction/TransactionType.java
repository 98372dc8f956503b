package io.coinlens.portfolio.transaction;

/** What a transaction does to a holding. Fees and prices are in the portfolio's quote currency. */
public enum TransactionType {
    /** Acquires {@code quantity} at {@code price}; the fee adds to the cost basis. */
    BUY,
    /** Disposes of {@code quantity} at {@code price}; the fee reduces the proceeds. */
    SELL,
    /** Brings units in from outside at {@code price} per unit as their cost basis. */
    DEPOSIT,
    /** Takes units out at their cost basis; nothing is realized but the fee. */
    WITHDRAWAL,
    /** The receiving side of a transfer between two of the user's portfolios; carries the sent units' cost. */
    TRANSFER_IN,
    /** The sending side of a transfer; units leave at their cost basis. */
    TRANSFER_OUT,
    /** Units of the asset spent as a fee (e.g. a network fee); their cost is realized as a loss. */
    FEE;

    public boolean acquires() {
        return this == BUY || this == DEPOSIT || this == TRANSFER_IN;
    }

    public boolean needsPrice() {
        return this == BUY || this == SELL || this == DEPOSIT;
    }
}
