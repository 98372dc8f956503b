package io.coinlens.portfolio.watchlist;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Every query names the owner, so someone else's watchlist is simply not found. */
@Repository
public class WatchlistRepository {

    private static final String COLUMNS = "id, user_id, name, symbols, created_at, updated_at";

    private final DatabaseClient db;

    WatchlistRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Watchlist> insert(Watchlist w) {
        return db.sql("insert into watchlists (" + COLUMNS + ") values (:id, :userId, :name, :symbols, :createdAt, :updatedAt)")
                .bind("id", w.id()).bind("userId", w.userId()).bind("name", w.name())
                .bind("symbols", w.symbols().toArray(String[]::new))
                .bind("createdAt", w.createdAt().atOffset(ZoneOffset.UTC))
                .bind("updatedAt", w.updatedAt().atOffset(ZoneOffset.UTC))
                .then().thenReturn(w);
    }

    Mono<Watchlist> findOwned(UUID id, String userId) {
        return db.sql("select " + COLUMNS + " from watchlists where id = :id and user_id = :userId")
                .bind("id", id).bind("userId", userId)
                .map(WatchlistRepository::watchlist).one();
    }

    Flux<Watchlist> listOwned(String userId) {
        return db.sql("select " + COLUMNS + " from watchlists where user_id = :userId order by created_at, id")
                .bind("userId", userId)
                .map(WatchlistRepository::watchlist).all();
    }

    Mono<Long> countOwned(String userId) {
        return db.sql("select count(*) from watchlists where user_id = :userId").bind("userId", userId)
                .map(row -> row.get(0, Long.class)).one();
    }

    Mono<Long> update(UUID id, String userId, String name, List<String> symbols, Instant now) {
        return db.sql("update watchlists set name = :name, symbols = :symbols, updated_at = :now "
                        + "where id = :id and user_id = :userId")
                .bind("name", name).bind("symbols", symbols.toArray(String[]::new))
                .bind("now", now.atOffset(ZoneOffset.UTC)).bind("id", id).bind("userId", userId)
                .fetch().rowsUpdated();
    }

    Mono<Long> delete(UUID id, String userId) {
        return db.sql("delete from watchlists where id = :id and user_id = :userId")
                .bind("id", id).bind("userId", userId).fetch().rowsUpdated();
    }

    public Mono<Long> deleteAllOf(String userId) {
        return db.sql("delete from watchlists where user_id = :userId").bind("userId", userId).fetch().rowsUpdated();
    }

    private static Watchlist watchlist(Readable row) {
        String[] symbols = row.get("symbols", String[].class);
        return new Watchlist(row.get("id", UUID.class), row.get("user_id", String.class), row.get("name", String.class),
                symbols == null ? List.of() : List.of(symbols),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
