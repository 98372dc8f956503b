package io.coinlens.portfolio.exchangekey;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Every query a user can reach names the owner: someone else's key is simply not found. */
@Repository
class ExchangeKeyRepository {

    private static final String COLUMNS =
            "id, user_id, exchange, label, key_hint, sealed_key, sealed_secret, created_at, last_used_at";

    private final DatabaseClient db;

    ExchangeKeyRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<ExchangeKey> insert(ExchangeKey k) {
        return db.sql("insert into exchange_keys (id, user_id, exchange, label, key_hint, sealed_key, sealed_secret, "
                        + "created_at) values (:id, :user, :exchange, :label, :hint, :key, :secret, :at)")
                .bind("id", k.id()).bind("user", k.userId()).bind("exchange", k.exchange()).bind("label", k.label())
                .bind("hint", k.keyHint()).bind("key", k.sealedKey()).bind("secret", k.sealedSecret())
                .bind("at", k.createdAt().atOffset(ZoneOffset.UTC))
                .then().thenReturn(k);
    }

    Mono<ExchangeKey> findOwned(UUID id, String user) {
        return db.sql("select " + COLUMNS + " from exchange_keys where id = :id and user_id = :user")
                .bind("id", id).bind("user", user).map(ExchangeKeyRepository::key).one();
    }

    Flux<ExchangeKey> listOwned(String user) {
        return db.sql("select " + COLUMNS + " from exchange_keys where user_id = :user order by created_at, id")
                .bind("user", user).map(ExchangeKeyRepository::key).all();
    }

    Flux<ExchangeKey> all() {
        return db.sql("select " + COLUMNS + " from exchange_keys").map(ExchangeKeyRepository::key).all();
    }

    Mono<Long> countOwned(String user) {
        return db.sql("select count(*) as n from exchange_keys where user_id = :user").bind("user", user)
                .map(row -> row.get("n", Long.class)).one();
    }

    Mono<Long> deleteOwned(UUID id, String user) {
        return db.sql("delete from exchange_keys where id = :id and user_id = :user").bind("id", id)
                .bind("user", user).fetch().rowsUpdated();
    }

    Mono<Long> deleteAllOf(String user) {
        return db.sql("delete from exchange_keys where user_id = :user").bind("user", user).fetch().rowsUpdated();
    }

    /** Replaces both sealed values, if the row still holds what was read (a concurrent rotation loses nothing). */
    Mono<Long> reseal(UUID id, String oldKey, String newKey, String newSecret) {
        return db.sql("update exchange_keys set sealed_key = :key, sealed_secret = :secret "
                        + "where id = :id and sealed_key = :old")
                .bind("key", newKey).bind("secret", newSecret).bind("id", id).bind("old", oldKey)
                .fetch().rowsUpdated();
    }

    Mono<Void> used(UUID id, Instant at) {
        return db.sql("update exchange_keys set last_used_at = :at where id = :id")
                .bind("at", at.atOffset(ZoneOffset.UTC)).bind("id", id).then();
    }

    private static ExchangeKey key(Readable row) {
        OffsetDateTime used = row.get("last_used_at", OffsetDateTime.class);
        return new ExchangeKey(row.get("id", UUID.class), row.get("user_id", String.class),
                row.get("exchange", String.class), row.get("label", String.class), row.get("key_hint", String.class),
                row.get("sealed_key", String.class), row.get("sealed_secret", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), used == null ? null : used.toInstant());
    }
}
