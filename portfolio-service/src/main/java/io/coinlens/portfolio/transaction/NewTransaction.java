package io.coinlens.portfolio.transaction;

import io.coinlens.contracts.Symbols;
import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.portfolio.Portfolio;
import io.coinlens.portfolio.web.ApiProblem.FieldProblem;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A transaction as a client sends it, by JSON or as a CSV row. {@code type} is one of BUY, SELL, DEPOSIT,
 * WITHDRAWAL, FEE, or TRANSFER with {@code toPortfolioId}; prices and fees are in the portfolio's quote currency.
 */
public record NewTransaction(
        String type,
        String asset,
        BigDecimal quantity,
        BigDecimal price,
        BigDecimal fee,
        Instant executedAt,
        UUID toPortfolioId,
        String note) {

    static final String TRANSFER = "TRANSFER";
    static final List<String> TYPES = List.of("BUY", "SELL", "DEPOSIT", "WITHDRAWAL", "FEE", TRANSFER);

    boolean isTransfer() {
        return TRANSFER.equalsIgnoreCase(type);
    }

    /** The stored type; TRANSFER becomes its sending side. */
    TransactionType storedType() {
        return isTransfer() ? TransactionType.TRANSFER_OUT : TransactionType.valueOf(type.toUpperCase(Locale.ROOT));
    }

    /** Everything wrong with it on its own; the ledger checks (enough held?) come later. */
    List<FieldProblem> problems(Portfolio portfolio, Instant now, PortfolioProperties.Assets assets) {
        List<FieldProblem> problems = new ArrayList<>();
        boolean knownType = type != null && TYPES.contains(type.toUpperCase(Locale.ROOT));
        if (!knownType) {
            problems.add(new FieldProblem("type", "must be one of " + String.join(", ", TYPES)));
        }
        if (asset == null || !Symbols.isCoin(asset)) {
            problems.add(new FieldProblem("asset", "must be an asset code such as BTC"));
        }
        if (quantity == null) {
            problems.add(new FieldProblem("quantity", "is required"));
        } else if (quantity.signum() <= 0) {
            problems.add(new FieldProblem("quantity", "must be positive"));
        } else if (asset != null && decimals(quantity) > assets.scale(asset)) {
            problems.add(new FieldProblem("quantity", "has more than " + assets.scale(asset) + " decimal places, the precision of "
                    + asset));
        }
        boolean isQuote = portfolio.quoteCurrency().equals(asset);
        boolean priceNeeded = knownType && !isQuote && storedTypeOrNull() != null && storedTypeOrNull().needsPrice();
        if (price != null && price.signum() < 0) {
            problems.add(new FieldProblem("price", "must not be negative"));
        } else if (price == null && priceNeeded) {
            problems.add(new FieldProblem("price", "is required for " + type.toUpperCase(Locale.ROOT)
                    + ", per unit in " + portfolio.quoteCurrency()));
        } else if (price != null && decimals(price) > 18) {
            problems.add(new FieldProblem("price", "has more than 18 decimal places"));
        }
        int moneyScale = assets.scale(portfolio.quoteCurrency());
        if (fee != null && fee.signum() < 0) {
            problems.add(new FieldProblem("fee", "must not be negative"));
        } else if (fee != null && decimals(fee) > moneyScale) {
            problems.add(new FieldProblem("fee", "has more than " + moneyScale + " decimal places, the precision of "
                    + portfolio.quoteCurrency()));
        }
        if (executedAt == null) {
            problems.add(new FieldProblem("executedAt", "is required, e.g. 2026-01-31T12:00:00Z"));
        } else if (executedAt.isAfter(now)) {
            problems.add(new FieldProblem("executedAt", "must not be in the future"));
        }
        if (isTransfer() && toPortfolioId == null) {
            problems.add(new FieldProblem("toPortfolioId", "is required for a TRANSFER"));
        } else if (isTransfer() && toPortfolioId.equals(portfolio.id())) {
            problems.add(new FieldProblem("toPortfolioId", "must be another portfolio"));
        } else if (!isTransfer() && toPortfolioId != null) {
            problems.add(new FieldProblem("toPortfolioId", "is only for a TRANSFER"));
        }
        if (note != null && note.length() > 500) {
            problems.add(new FieldProblem("note", "must be at most 500 characters"));
        }
        return problems;
    }

    private TransactionType storedTypeOrNull() {
        try {
            return storedType();
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static int decimals(BigDecimal value) {
        return Math.max(0, value.stripTrailingZeros().scale());
    }
}
