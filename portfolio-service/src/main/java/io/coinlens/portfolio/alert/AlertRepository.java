package io.coinlens.portfolio.alert;

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

/** Alerts and their history; queries a user makes always name the user. */
@Repository
public class AlertRepository {

    private static final String COLUMNS = "id, user_id, symbol, direction, threshold, hysteresis, cooldown_seconds, "
            + "enabled, armed, last_triggered_at, note, created_at";
    private static final String EVENT_COLUMNS = "id, alert_id, user_id, symbol, direction, observed, threshold, "
            + "triggered_at, acknowledged_at, message";

    private final DatabaseClient db;

    AlertRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Alert> insert(Alert a) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("insert into alerts (id, user_id, symbol, direction, threshold, "
                        + "hysteresis, cooldown_seconds, enabled, armed, note, created_at) values (:id, :userId, :symbol, "
                        + ":direction, :threshold, :hysteresis, :cooldown, :enabled, :armed, :note, :createdAt)")
                .bind("enabled", a.enabled()).bind("armed", a.armed())
                .bind("id", a.id()).bind("userId", a.userId()).bind("symbol", a.symbol())
                .bind("direction", a.direction().name()).bind("threshold", a.threshold())
                .bind("hysteresis", a.hysteresis()).bind("cooldown", a.cooldownSeconds())
                .bind("createdAt", a.createdAt().atOffset(ZoneOffset.UTC));
        sql = a.note() == null ? sql.bindNull("note", String.class) : sql.bind("note", a.note());
        return sql.then().thenReturn(a);
    }

    Mono<Alert> findOwned(UUID id, String userId) {
        return db.sql("select " + COLUMNS + " from alerts where id = :id and user_id = :userId")
                .bind("id", id).bind("userId", userId).map(AlertRepository::alert).one();
    }

    Flux<Alert> listOwned(String userId) {
        return db.sql("select " + COLUMNS + " from alerts where user_id = :userId order by created_at, id")
                .bind("userId", userId).map(AlertRepository::alert).all();
    }

    Mono<Long> countOwned(String userId) {
        return db.sql("select count(*) from alerts where user_id = :userId").bind("userId", userId)
                .map(row -> row.get(0, Long.class)).one();
    }

    Flux<Alert> enabled() {
        return db.sql("select " + COLUMNS + " from alerts where enabled").map(AlertRepository::alert).all();
    }

    Mono<Long> delete(UUID id, String userId) {
        return db.sql("delete from alerts where id = :id and user_id = :userId")
                .bind("id", id).bind("userId", userId).fetch().rowsUpdated();
    }

    /** Disarms the alert if it may fire at this time; 1 if this call is the one that fired it. */
    Mono<Long> disarm(UUID id, Instant at, long cooldownSeconds) {
        return db.sql("update alerts set armed = false, last_triggered_at = :at where id = :id and enabled and armed "
                        + "and (last_triggered_at is null or last_triggered_at <= :latestPrevious)")
                .bind("id", id).bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("latestPrevious", at.minusSeconds(cooldownSeconds).atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated();
    }

    Mono<Long> rearm(UUID id) {
        return db.sql("update alerts set armed = true where id = :id and not armed").bind("id", id)
                .fetch().rowsUpdated();
    }

    Mono<Void> insertEvent(AlertEvent e) {
        return db.sql("insert into alert_events (" + EVENT_COLUMNS + ") values (:id, :alertId, :userId, :symbol, "
                        + ":direction, :observed, :threshold, :triggeredAt, null, :message)")
                .bind("id", e.id()).bind("alertId", e.alertId()).bind("userId", e.userId()).bind("symbol", e.symbol())
                .bind("direction", e.direction().name()).bind("observed", e.observed()).bind("threshold", e.threshold())
                .bind("triggeredAt", e.triggeredAt().atOffset(ZoneOffset.UTC)).bind("message", e.message())
                .then();
    }

    Flux<AlertEvent> history(String userId, boolean unacknowledgedOnly, int limit) {
        return db.sql("select " + EVENT_COLUMNS + " from alert_events where user_id = :userId"
                        + (unacknowledgedOnly ? " and acknowledged_at is null" : "")
                        + " order by triggered_at desc, id limit :n")
                .bind("userId", userId).bind("n", limit).map(AlertRepository::event).all();
    }

    Mono<AlertEvent> acknowledge(UUID eventId, String userId, Instant now) {
        return db.sql("update alert_events set acknowledged_at = coalesce(acknowledged_at, :now) "
                        + "where id = :id and user_id = :userId returning " + EVENT_COLUMNS)
                .bind("now", now.atOffset(ZoneOffset.UTC)).bind("id", eventId).bind("userId", userId)
                .map(AlertRepository::event).one();
    }

    public Mono<Long> deleteAllOf(String userId) {
        return db.sql("delete from alerts where user_id = :userId").bind("userId", userId).fetch().rowsUpdated();
    }

    private static Alert alert(Readable row) {
        OffsetDateTime last = row.get("last_triggered_at", OffsetDateTime.class);
        return new Alert(row.get("id", UUID.class), row.get("user_id", String.class), row.get("symbol", String.class),
                AlertRule.Direction.valueOf(row.get("direction", String.class)),
                strip(row.get("threshold", BigDecimal.class)), strip(row.get("hysteresis", BigDecimal.class)),
                row.get("cooldown_seconds", Long.class), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                Boolean.TRUE.equals(row.get("armed", Boolean.class)), last == null ? null : last.toInstant(),
                row.get("note", String.class), row.get("created_at", OffsetDateTime.class).toInstant());
    }

    private static AlertEvent event(Readable row) {
        OffsetDateTime ack = row.get("acknowledged_at", OffsetDateTime.class);
        return new AlertEvent(row.get("id", UUID.class), row.get("alert_id", UUID.class),
                row.get("user_id", String.class), row.get("symbol", String.class),
                AlertRule.Direction.valueOf(row.get("direction", String.class)),
                strip(row.get("observed", BigDecimal.class)), strip(row.get("threshold", BigDecimal.class)),
                row.get("triggered_at", OffsetDateTime.class).toInstant(), ack == null ? null : ack.toInstant(),
                row.get("message", String.class));
    }

    private static BigDecimal strip(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
