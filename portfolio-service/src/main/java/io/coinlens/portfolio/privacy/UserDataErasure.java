package io.coinlens.portfolio.privacy;

import io.coinlens.portfolio.portfolio.PortfolioRepository;
import io.coinlens.portfolio.watchlist.WatchlistRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Erases everything this service holds about a user: portfolios (their transactions go with them) and watchlists.
 * One transaction, and idempotent, so a redelivered {@code UserDeleted} is harmless.
 */
@Service
public class UserDataErasure {

    /** How much was erased. */
    public record Erased(long portfolios, long watchlists) {
    }

    private final PortfolioRepository portfolios;
    private final WatchlistRepository watchlists;
    private final TransactionalOperator tx;

    UserDataErasure(PortfolioRepository portfolios, WatchlistRepository watchlists, TransactionalOperator tx) {
        this.portfolios = portfolios;
        this.watchlists = watchlists;
        this.tx = tx;
    }

    public Mono<Erased> erase(String userId) {
        return tx.transactional(portfolios.deleteAllOf(userId)
                .flatMap(p -> watchlists.deleteAllOf(userId).map(w -> new Erased(p, w))));
    }
}
