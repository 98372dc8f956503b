package io.coinlens.users.account;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** The {@code users} table. Emails are unique ignoring case, through a unique index on {@code lower(email)}. */
@Repository
public class UserRepository {

    private static final String COLUMNS = "id, email, password_hash, role, display_name, created_at, updated_at";

    private final DatabaseClient db;

    UserRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<User> findById(UUID id) {
        return db.sql("select " + COLUMNS + " from users where id = :id").bind("id", id).map(UserRepository::toUser).one();
    }

    public Mono<User> findByEmail(String email) {
        return db.sql("select " + COLUMNS + " from users where lower(email) = lower(:email)")
                .bind("email", email).map(UserRepository::toUser).one();
    }

    /** @throws org.springframework.dao.DuplicateKeyException (in the Mono) if the email is taken */
    Mono<Void> insert(User user) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("""
                insert into users (id, email, password_hash, role, display_name, created_at, updated_at, password_changed_at)
                values (:id, :email, :hash, :role, :displayName, :createdAt, :createdAt, :createdAt)""")
                .bind("id", user.id()).bind("email", user.email()).bind("hash", user.passwordHash())
                .bind("role", user.role()).bind("createdAt", user.createdAt());
        sql = user.displayName() == null ? sql.bindNull("displayName", String.class) : sql.bind("displayName", user.displayName());
        return sql.then();
    }

    Mono<User> updateDisplayName(UUID id, String displayName, Instant now) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("update users set display_name = :displayName, updated_at = :now "
                + "where id = :id returning " + COLUMNS).bind("id", id).bind("now", now);
        sql = displayName == null ? sql.bindNull("displayName", String.class) : sql.bind("displayName", displayName);
        return sql.map(UserRepository::toUser).one();
    }

    public Mono<Void> updatePasswordHash(UUID id, String hash, Instant now) {
        return db.sql("update users set password_hash = :hash, password_changed_at = :now, updated_at = :now where id = :id")
                .bind("id", id).bind("hash", hash).bind("now", now).then();
    }

    /** Deletes the user; preferences, token families and refresh tokens go with it (foreign keys cascade). */
    Mono<Boolean> delete(UUID id) {
        return db.sql("delete from users where id = :id").bind("id", id).fetch().rowsUpdated().map(n -> n > 0);
    }

    private static User toUser(Readable row) {
        return new User(row.get("id", UUID.class), row.get("email", String.class), row.get("password_hash", String.class),
                row.get("role", String.class), row.get("display_name", String.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }
}
