package io.coinlens.portfolio.privacy;

import io.coinlens.portfolio.alert.AlertRepository;
import io.coinlens.portfolio.outbox.Outbox;
import io.coinlens.portfolio.portfolio.PortfolioRepository;
import io.coinlens.portfolio.watchlist.WatchlistRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Erases everything this service holds about a user: portfolios (their transactions go with them), watchlists, alerts
 * (with their history) and alert events not yet relayed.
 * One transaction, and idempotent, so a redelivered {@code UserDeleted} is harmless.
 */
@Service
public class UserDataErasure {

    /** How much was erased. */
    public record Erased(long portfolios, long watchlists, long alerts) {
    }

    private final PortfolioRepository portfolios;
    private final WatchlistRepository watchlists;
    private final AlertRepository alerts;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    UserDataErasure(PortfolioRepository portfolios, WatchlistRepository watchlists, AlertRepository alerts,
            Outbox outbox, TransactionalOperator tx) {
        this.portfolios = portfolios;
        this.watchlists = watchlists;
        this.alerts = alerts;
        this.outbox = outbox;
        this.tx = tx;
    }

    public Mono<Erased> erase(String userId) {
        return tx.transactional(portfolios.deleteAllOf(userId)
                .flatMap(p -> watchlists.deleteAllOf(userId)
                        .flatMap(w -> alerts.deleteAllOf(userId)
                                .flatMap(a -> outbox.deleteAllOf(userId).thenReturn(new Erased(p, w, a))))));
    }
}
