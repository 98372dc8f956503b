package io.coinlens.portfolio.portfolio;

import io.coinlens.portfolio.holdings.CostBasisMethod;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Every query names the owner, so a portfolio of someone else is simply not found. */
@Repository
public class PortfolioRepository {

    private static final String COLUMNS =
            "id, user_id, name, quote_currency, cost_basis, allow_short, archived, created_at, updated_at";

    private final DatabaseClient db;

    PortfolioRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Portfolio> insert(Portfolio p) {
        return db.sql("insert into portfolios (" + COLUMNS + ") values "
                        + "(:id, :userId, :name, :quote, :method, :short, :archived, :createdAt, :updatedAt)")
                .bind("id", p.id())
                .bind("userId", p.userId())
                .bind("name", p.name())
                .bind("quote", p.quoteCurrency())
                .bind("method", p.costBasisMethod().name())
                .bind("short", p.allowShort())
                .bind("archived", p.archived())
                .bind("createdAt", utc(p.createdAt()))
                .bind("updatedAt", utc(p.updatedAt()))
                .then().thenReturn(p);
    }

    public Mono<Portfolio> findOwned(UUID id, String userId) {
        return db.sql("select " + COLUMNS + " from portfolios where id = :id and user_id = :userId")
                .bind("id", id).bind("userId", userId)
                .map(PortfolioRepository::portfolio).one();
    }

    /** The same, holding a row lock until the transaction ends, so ledger checks and writes do not interleave. */
    public Mono<Portfolio> lockOwned(UUID id, String userId) {
        return db.sql("select " + COLUMNS + " from portfolios where id = :id and user_id = :userId for update")
                .bind("id", id).bind("userId", userId)
                .map(PortfolioRepository::portfolio).one();
    }

    Flux<Portfolio> listOwned(String userId, boolean includeArchived) {
        return db.sql("select " + COLUMNS + " from portfolios where user_id = :userId"
                        + (includeArchived ? "" : " and not archived") + " order by created_at, id")
                .bind("userId", userId)
                .map(PortfolioRepository::portfolio).all();
    }

    Mono<Long> countOwned(String userId) {
        return db.sql("select count(*) from portfolios where user_id = :userId").bind("userId", userId)
                .map(row -> row.get(0, Long.class)).one();
    }

    Mono<Long> update(UUID id, String userId, String name, boolean archived, Instant now) {
        return db.sql("update portfolios set name = :name, archived = :archived, updated_at = :now "
                        + "where id = :id and user_id = :userId")
                .bind("name", name).bind("archived", archived).bind("now", utc(now))
                .bind("id", id).bind("userId", userId)
                .fetch().rowsUpdated();
    }

    Mono<Long> delete(UUID id, String userId) {
        return db.sql("delete from portfolios where id = :id and user_id = :userId")
                .bind("id", id).bind("userId", userId)
                .fetch().rowsUpdated();
    }

    /** Erases a user's portfolios; their transactions go with them (on delete cascade). */
    public Mono<Long> deleteAllOf(String userId) {
        return db.sql("delete from portfolios where user_id = :userId").bind("userId", userId)
                .fetch().rowsUpdated();
    }

    private static Portfolio portfolio(Readable row) {
        return new Portfolio(row.get("id", UUID.class), row.get("user_id", String.class),
                row.get("name", String.class), row.get("quote_currency", String.class),
                CostBasisMethod.valueOf(row.get("cost_basis", String.class)),
                Boolean.TRUE.equals(row.get("allow_short", Boolean.class)),
                Boolean.TRUE.equals(row.get("archived", Boolean.class)),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
