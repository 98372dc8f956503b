package io.coinlens.portfolio.transaction;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Transactions are only ever looked up through a portfolio the caller has already been found to own. */
@Repository
public class TransactionRepository {

    private static final String COLUMNS =
            "id, portfolio_id, seq, type, asset, quantity, price, fee, executed_at, transfer_id, note, created_at";

    private final DatabaseClient db;

    TransactionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Stores a transaction; the returned copy has its sequence number. */
    Mono<Transaction> insert(Transaction t) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("insert into transactions "
                        + "(id, portfolio_id, type, asset, quantity, price, fee, executed_at, transfer_id, note, created_at) "
                        + "values (:id, :portfolioId, :type, :asset, :quantity, :price, :fee, :executedAt, :transferId, "
                        + ":note, :createdAt) returning seq")
                .bind("id", t.id())
                .bind("portfolioId", t.portfolioId())
                .bind("type", t.type().name())
                .bind("asset", t.asset())
                .bind("quantity", t.quantity())
                .bind("fee", t.fee())
                .bind("executedAt", t.executedAt().atOffset(ZoneOffset.UTC))
                .bind("createdAt", t.createdAt().atOffset(ZoneOffset.UTC));
        sql = t.price() == null ? sql.bindNull("price", BigDecimal.class) : sql.bind("price", t.price());
        sql = t.transferId() == null ? sql.bindNull("transferId", UUID.class) : sql.bind("transferId", t.transferId());
        sql = t.note() == null ? sql.bindNull("note", String.class) : sql.bind("note", t.note());
        return sql.map(row -> row.get("seq", Long.class)).one()
                .map(seq -> new Transaction(t.id(), t.portfolioId(), seq, t.type(), t.asset(), t.quantity(), t.price(),
                        t.fee(), t.executedAt(), t.transferId(), t.note(), t.createdAt()));
    }

    /** The whole ledger in ledger order. */
    /** The notes of a portfolio's transactions: imports mark each with its source's id there. */
    Flux<String> notes(UUID portfolioId) {
        return db.sql("select note from transactions where portfolio_id = :id and note is not null")
                .bind("id", portfolioId).map(row -> row.get("note", String.class)).all();
    }

    public Flux<Transaction> ledger(UUID portfolioId) {
        return db.sql("select " + COLUMNS + " from transactions where portfolio_id = :p order by executed_at, seq")
                .bind("p", portfolioId)
                .map(TransactionRepository::transaction).all();
    }

    /** Newest first, starting after the given position (exclusive) when one is given. */
    Flux<Transaction> page(UUID portfolioId, Instant beforeTime, Long beforeSeq, int limit) {
        String after = beforeTime == null ? "" : " and (executed_at, seq) < (:t, :s)";
        DatabaseClient.GenericExecuteSpec sql = db.sql("select " + COLUMNS + " from transactions where portfolio_id = :p"
                        + after + " order by executed_at desc, seq desc limit :n")
                .bind("p", portfolioId).bind("n", limit);
        if (beforeTime != null) {
            sql = sql.bind("t", beforeTime.atOffset(ZoneOffset.UTC)).bind("s", beforeSeq);
        }
        return sql.map(TransactionRepository::transaction).all();
    }

    Mono<Transaction> find(UUID portfolioId, UUID id) {
        return db.sql("select " + COLUMNS + " from transactions where portfolio_id = :p and id = :id")
                .bind("p", portfolioId).bind("id", id)
                .map(TransactionRepository::transaction).one();
    }

    Flux<Transaction> transferLegs(UUID transferId) {
        return db.sql("select " + COLUMNS + " from transactions where transfer_id = :t")
                .bind("t", transferId)
                .map(TransactionRepository::transaction).all();
    }

    Mono<Long> delete(UUID id) {
        return db.sql("delete from transactions where id = :id").bind("id", id).fetch().rowsUpdated();
    }

    private static Transaction transaction(Readable row) {
        return new Transaction(row.get("id", UUID.class), row.get("portfolio_id", UUID.class),
                row.get("seq", Long.class), TransactionType.valueOf(row.get("type", String.class)),
                row.get("asset", String.class), strip(row.get("quantity", BigDecimal.class)),
                strip(row.get("price", BigDecimal.class)), strip(row.get("fee", BigDecimal.class)),
                row.get("executed_at", OffsetDateTime.class).toInstant(), row.get("transfer_id", UUID.class),
                row.get("note", String.class), row.get("created_at", OffsetDateTime.class).toInstant());
    }

    /** numeric(38,18) pads every value to 18 places; clients should see what they sent. */
    private static BigDecimal strip(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
