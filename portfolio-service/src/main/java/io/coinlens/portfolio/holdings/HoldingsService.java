package io.coinlens.portfolio.holdings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.portfolio.Portfolio;
import io.coinlens.portfolio.transaction.TransactionRepository;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Holdings derived from the ledger and valued at the latest prices. Money is rounded to the quote currency's
 * precision and quantities to the asset's, only here, at the edge; a price's age is always shown and a stale one
 * flagged; an asset without any price is listed with what is known and left out of the market totals.
 */
@Service
public class HoldingsService {

    /** Decimals are strings, as in the events, so no client parses money into binary floating point. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Holding(String asset, String symbol, String quantity, String averageCost, String costBasis,
            String price, Instant priceTime, Long priceAgeMs, Boolean stale, String priceSource, String marketValue,
            String unrealizedPnl, String realizedPnl, String allocationPercent) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Totals(String costBasis, String marketValue, String unrealizedPnl, String realizedPnl,
            String totalPnl, String invested, String roiPercent, boolean complete) {
    }

    public record Holdings(UUID portfolioId, String quoteCurrency, CostBasisMethod costBasisMethod, Instant asOf,
            List<Holding> holdings, Totals totals, List<String> unpriced, List<String> stalePrices) {
    }

    private final TransactionRepository transactions;
    private final Prices prices;
    private final Clock clock;
    private final PortfolioProperties properties;

    HoldingsService(TransactionRepository transactions, Prices prices, Clock clock, PortfolioProperties properties) {
        this.transactions = transactions;
        this.prices = prices;
        this.clock = clock;
        this.properties = properties;
    }

    public Mono<Holdings> holdings(Portfolio portfolio) {
        return transactions.ledger(portfolio.id()).collectList()
                .map(ledger -> Ledger.replay(portfolio.costBasisMethod(), portfolio.allowShort(),
                        portfolio.quoteCurrency(), ledger))
                .flatMap(ledger -> {
                    List<Ledger.Position> shown = ledger.positions().values().stream()
                            .filter(p -> p.isOpen() || p.realized().signum() != 0).toList();
                    return Flux.fromIterable(shown)
                            .concatMap(p -> price(portfolio, p).map(q -> Map.entry(p, q)))
                            .collectList()
                            .map(priced -> view(portfolio, priced));
                });
    }

    private Mono<Optional<Prices.Quote>> price(Portfolio portfolio, Ledger.Position position) {
        if (position.asset().equals(portfolio.quoteCurrency())) {
            return Mono.just(Optional.of(new Prices.Quote(portfolio.quoteCurrency(), BigDecimal.ONE, clock.instant(),
                    "quote currency", null)));
        }
        if (!position.isOpen()) {
            return Mono.just(Optional.empty());
        }
        return prices.latest(position.asset() + "-" + portfolio.quoteCurrency());
    }

    private Holdings view(Portfolio portfolio, List<Map.Entry<Ledger.Position, Optional<Prices.Quote>>> priced) {
        Instant now = clock.instant();
        Duration staleAfter = properties.prices().staleAfter();
        int money = properties.assets().scale(portfolio.quoteCurrency());
        BigDecimal totalValue = BigDecimal.ZERO;
        for (var entry : priced) {
            if (entry.getValue().isPresent()) {
                totalValue = totalValue.add(entry.getKey().quantity().multiply(entry.getValue().get().price()));
            }
        }
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal unrealized = BigDecimal.ZERO;
        BigDecimal realized = BigDecimal.ZERO;
        BigDecimal invested = BigDecimal.ZERO;
        List<Holding> holdings = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (var entry : priced) {
            Ledger.Position p = entry.getKey();
            realized = realized.add(p.realized());
            invested = invested.add(p.invested());
            cost = cost.add(p.costBasis());
            String symbol = p.asset().equals(portfolio.quoteCurrency()) ? null : p.asset() + "-" + portfolio.quoteCurrency();
            String averageCost = p.quantity().signum() == 0 ? null
                    : plain(p.costBasis().divide(p.quantity(), Ledger.SPLIT), Math.max(money, 8));
            Prices.Quote quote = entry.getValue().orElse(null);
            if (quote == null) {
                if (p.isOpen()) {
                    unpriced.add(p.asset());
                }
                holdings.add(new Holding(p.asset(), symbol, plain(p.quantity(), properties.assets().scale(p.asset())),
                        averageCost, plain(p.costBasis(), money), null, null, null, null, null, null, null,
                        plain(p.realized(), money), null));
                continue;
            }
            BigDecimal value = p.quantity().multiply(quote.price());
            BigDecimal gain = value.subtract(p.costBasis());
            unrealized = unrealized.add(gain);
            long age = Math.max(0, Duration.between(quote.time(), now).toMillis());
            boolean isStale = age > staleAfter.toMillis();
            if (isStale) {
                stale.add(p.asset());
            }
            String allocation = totalValue.signum() == 0 ? null
                    : plain(value.multiply(BigDecimal.valueOf(100)).divide(totalValue, Ledger.SPLIT), 2);
            holdings.add(new Holding(p.asset(), symbol, plain(p.quantity(), properties.assets().scale(p.asset())),
                    averageCost, plain(p.costBasis(), money), quote.price().toPlainString(), quote.time(), age, isStale,
                    quote.source(), plain(value, money), plain(gain, money), plain(p.realized(), money), allocation));
        }
        BigDecimal total = realized.add(unrealized);
        String roi = invested.signum() == 0 ? null
                : plain(total.multiply(BigDecimal.valueOf(100)).divide(invested, Ledger.SPLIT), 4);
        Totals totals = new Totals(plain(cost, money), plain(totalValue, money), plain(unrealized, money),
                plain(realized, money), plain(total, money), plain(invested, money), roi, unpriced.isEmpty());
        return new Holdings(portfolio.id(), portfolio.quoteCurrency(), portfolio.costBasisMethod(), now, holdings,
                totals, unpriced, stale);
    }

    static String plain(BigDecimal value, int scale) {
        BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return (rounded.signum() == 0 ? BigDecimal.ZERO : rounded).toPlainString();
    }
}
