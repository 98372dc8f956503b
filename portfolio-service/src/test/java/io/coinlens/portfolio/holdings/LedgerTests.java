package io.coinlens.portfolio.holdings;

import io.coinlens.portfolio.transaction.Transaction;
import io.coinlens.portfolio.transaction.TransactionType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cost basis and P&L against cases worked out by hand (the arithmetic is in the comments). */
class LedgerTests {

    private final List<Transaction> txs = new ArrayList<>();

    @Test
    void fifoSellsTheOldestUnitsFirstAndCountsFeesOnBothSides() {
        tx(TransactionType.BUY, "BTC", "1", "100", "1");   // lot 1: 1 BTC for 101
        tx(TransactionType.BUY, "BTC", "1", "200", "2");   // lot 2: 1 BTC for 202
        tx(TransactionType.SELL, "BTC", "1.5", "300", "3"); // proceeds 450 - 3 = 447; cost 101 + 202/2 = 202
        Ledger.Position btc = replay(CostBasisMethod.FIFO, false).positions().get("BTC");
        assertThat(btc.realized()).isEqualByComparingTo("245");
        assertThat(btc.quantity()).isEqualByComparingTo("0.5");
        assertThat(btc.costBasis()).isEqualByComparingTo("101");
        assertThat(btc.invested()).isEqualByComparingTo("303");
    }

    @Test
    void averageCostSellsAtTheRunningAverageAndEndsWithTheSameTotalPnl() {
        tx(TransactionType.BUY, "BTC", "1", "100", "1");
        tx(TransactionType.BUY, "BTC", "1", "200", "2");    // 2 BTC for 303: 151.5 each
        tx(TransactionType.SELL, "BTC", "1.5", "300", "3"); // 447 - 1.5 * 151.5 = 447 - 227.25
        Ledger.Position btc = replay(CostBasisMethod.AVERAGE, false).positions().get("BTC");
        assertThat(btc.realized()).isEqualByComparingTo("219.75");
        assertThat(btc.costBasis()).isEqualByComparingTo("75.75");
        // At 400: FIFO 245 + (200 - 101) = 344; average 219.75 + (200 - 75.75) = 344.
        assertThat(btc.realized().add(new BigDecimal("200")).subtract(btc.costBasis())).isEqualByComparingTo("344");
    }

    @Test
    void aTransferCarriesTheCostOfTheUnitsItTakes() {
        tx(TransactionType.BUY, "ETH", "2", "100", "0");
        tx(TransactionType.BUY, "ETH", "1", "130", "0");
        Ledger source = replay(CostBasisMethod.FIFO, false);
        BigDecimal carried = source.apply(at(TransactionType.TRANSFER_OUT, "ETH", "2.5", null, "0", 10));
        assertThat(carried).isEqualByComparingTo("265");                // 200 + 0.5 * 130
        assertThat(source.positions().get("ETH").realized()).isZero();  // moving is not selling
        assertThat(source.positions().get("ETH").costBasis()).isEqualByComparingTo("65");

        Ledger destination = new Ledger(CostBasisMethod.FIFO, false, "USDT");
        destination.apply(at(TransactionType.TRANSFER_IN, "ETH", "2.5", "106", "0", 10)); // 265 / 2.5
        destination.apply(at(TransactionType.SELL, "ETH", "2.5", "120", "0", 11));
        assertThat(destination.positions().get("ETH").realized()).isEqualByComparingTo("35"); // 300 - 265
    }

    @Test
    void partialSellsUnderFifoSplitALotProportionally() {
        tx(TransactionType.BUY, "SOL", "3", "10", "0.3");  // 30.3 for 3: 10.1 each
        tx(TransactionType.SELL, "SOL", "1", "12", "0");   // 12 - 10.1 = 1.9
        tx(TransactionType.SELL, "SOL", "1", "9", "0.1");  // 8.9 - 10.1 = -1.2
        Ledger.Position sol = replay(CostBasisMethod.FIFO, false).positions().get("SOL");
        assertThat(sol.realized()).isEqualByComparingTo("0.7");
        assertThat(sol.quantity()).isEqualByComparingTo("1");
        assertThat(sol.costBasis()).isEqualByComparingTo("10.1");
    }

    @Test
    void aFeePaidInTheAssetIsALossOfWhatThoseUnitsCost() {
        tx(TransactionType.BUY, "BTC", "1", "100", "0");
        tx(TransactionType.FEE, "BTC", "0.01", null, "0");
        Ledger.Position btc = replay(CostBasisMethod.FIFO, false).positions().get("BTC");
        assertThat(btc.quantity()).isEqualByComparingTo("0.99");
        assertThat(btc.costBasis()).isEqualByComparingTo("99");
        assertThat(btc.realized()).isEqualByComparingTo("-1");
    }

    @Test
    void withdrawalsTakeUnitsOutAtCostAndRealizeOnlyTheirFee() {
        tx(TransactionType.DEPOSIT, "BTC", "2", "50", "0");
        tx(TransactionType.WITHDRAWAL, "BTC", "1", null, "2");
        Ledger.Position btc = replay(CostBasisMethod.AVERAGE, false).positions().get("BTC");
        assertThat(btc.quantity()).isEqualByComparingTo("1");
        assertThat(btc.costBasis()).isEqualByComparingTo("50");
        assertThat(btc.realized()).isEqualByComparingTo("-2");
    }

    @Test
    void sellingMoreThanIsHeldIsRefusedUnlessShortsAreAllowed() {
        tx(TransactionType.BUY, "BTC", "1", "100", "0");
        tx(TransactionType.SELL, "BTC", "1.5", "120", "0");
        assertThatThrownBy(() -> replay(CostBasisMethod.FIFO, false))
                .isInstanceOf(Ledger.Violation.class)
                .hasMessageContaining("only 1 held");

        // Short: 1 closes the long (+20), 0.5 opens a short for 60; covering at 100 gains 60 - 50 = 10.
        tx(TransactionType.BUY, "BTC", "0.5", "100", "0");
        Ledger.Position btc = replay(CostBasisMethod.FIFO, true).positions().get("BTC");
        assertThat(btc.realized()).isEqualByComparingTo("30");
        assertThat(btc.quantity()).isZero();
    }

    @Test
    void aShortPositionShowsNegativeQuantityAndProceeds() {
        tx(TransactionType.SELL, "ETH", "2", "100", "0");
        Ledger.Position eth = replay(CostBasisMethod.AVERAGE, true).positions().get("ETH");
        assertThat(eth.quantity()).isEqualByComparingTo("-2");
        assertThat(eth.costBasis()).isEqualByComparingTo("-200");
    }

    @Test
    void withdrawingMoreThanIsHeldIsRefusedEvenWhenShortsAreAllowed() {
        tx(TransactionType.BUY, "BTC", "1", "100", "0");
        tx(TransactionType.WITHDRAWAL, "BTC", "2", null, "0");
        assertThatThrownBy(() -> replay(CostBasisMethod.FIFO, true)).isInstanceOf(Ledger.Violation.class);
    }

    @Test
    void theQuoteCurrencyAlwaysCostsOnePerUnit() {
        tx(TransactionType.DEPOSIT, "USDT", "1000", null, "0");
        Ledger.Position usdt = replay(CostBasisMethod.FIFO, false).positions().get("USDT");
        assertThat(usdt.costBasis()).isEqualByComparingTo("1000");
    }

    private Ledger replay(CostBasisMethod method, boolean allowShort) {
        return Ledger.replay(method, allowShort, "USDT", txs);
    }

    private void tx(TransactionType type, String asset, String quantity, String price, String fee) {
        txs.add(at(type, asset, quantity, price, fee, txs.size()));
    }

    private static Transaction at(TransactionType type, String asset, String quantity, String price, String fee,
            int minute) {
        return new Transaction(UUID.randomUUID(), UUID.randomUUID(), minute, type, asset, new BigDecimal(quantity),
                price == null ? null : new BigDecimal(price), new BigDecimal(fee),
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute), null, null, Instant.now());
    }
}
