package io.coinlens.portfolio.holdings;

/** How the cost of units disposed of is measured. */
public enum CostBasisMethod {
    /** The oldest units go first. */
    FIFO,
    /** Every unit held costs the running average. */
    AVERAGE
}
