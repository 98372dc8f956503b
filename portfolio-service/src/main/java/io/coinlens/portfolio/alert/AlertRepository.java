package io.coinlens.portfolio.alert;

import io.coinlens.contracts.Interval;
import io.coinlens.portfolio.outbox.Outbox;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Alerts and their history; queries a user makes always name the user. */
@Repository
public class AlertRepository {

    private static final String COLUMNS = "id, user_id, kind, symbol, direction, threshold, hysteresis, "
            + "cooldown_seconds, enabled, armed, last_triggered_at, note, created_at, window_seconds, signal_kind, "
            + "candle_interval, portfolio_id, metric, peak";
    private static final HexFormat HEX = HexFormat.of();
    private static final String EVENT_COLUMNS = "id, alert_id, user_id, kind, symbol, direction, observed, threshold, "
            + "triggered_at, acknowledged_at, message";

    /**
     * What a read of the alerts saw: the alerts (all enabled ones, or every one changed since a point, enabled or
     * not), the ids deleted since that point (none for a full read), and the point to read from next time.
     *
     * @param since the oldest transaction still running when this was read: a later read from here misses nothing
     */
    record Snapshot(long since, List<Alert> alerts, List<UUID> deleted) {
    }

    private final DatabaseClient db;
    /** One snapshot for the position and the rows read with it. */
    private final TransactionalOperator snapshot;

    AlertRepository(DatabaseClient db, ReactiveTransactionManager transactions) {
        this.db = db;
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        definition.setReadOnly(true);
        this.snapshot = TransactionalOperator.create(transactions, definition);
    }

    Mono<Alert> insert(Alert a) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("insert into alerts (id, user_id, kind, symbol, direction, "
                        + "threshold, hysteresis, cooldown_seconds, enabled, armed, note, created_at, window_seconds, "
                        + "signal_kind, candle_interval, portfolio_id, metric, peak) values (:id, :userId, :kind, "
                        + ":symbol, :direction, :threshold, :hysteresis, :cooldown, :enabled, :armed, :note, :createdAt, "
                        + ":window, :signalKind, :interval, :portfolioId, :metric, :peak)")
                .bind("enabled", a.enabled()).bind("armed", a.armed())
                .bind("id", a.id()).bind("userId", a.userId()).bind("kind", a.kind().code())
                .bind("hysteresis", a.hysteresis()).bind("cooldown", a.cooldownSeconds())
                .bind("createdAt", a.createdAt().atOffset(ZoneOffset.UTC));
        sql = nullable(sql, "symbol", a.symbol(), String.class);
        sql = nullable(sql, "direction", a.direction(), String.class);
        sql = nullable(sql, "threshold", a.threshold(), BigDecimal.class);
        sql = nullable(sql, "note", a.note(), String.class);
        sql = nullable(sql, "window", a.window() == null ? null : a.window().toSeconds(), Long.class);
        sql = nullable(sql, "signalKind", a.signalKind(), String.class);
        sql = nullable(sql, "interval", a.interval() == null ? null : a.interval().code(), String.class);
        sql = nullable(sql, "portfolioId", a.portfolioId(), UUID.class);
        sql = nullable(sql, "metric", a.metric() == null ? null : a.metric().code(), String.class);
        sql = nullable(sql, "peak", a.peak(), BigDecimal.class);
        return sql.then().thenReturn(a);
    }

    /**
     * Writes a user's change to the alert's definition; with {@code afresh} also its armed state and peak (its
     * condition changed or it was enabled again), never when it last fired, so the cooldown still counts. Empty if it
     * is gone.
     */
    Mono<Alert> update(Alert a, boolean afresh) {
        DatabaseClient.GenericExecuteSpec sql = db.sql("update alerts set direction = :direction, threshold = :threshold, "
                        + "hysteresis = :hysteresis, cooldown_seconds = :cooldown, enabled = :enabled, note = :note, "
                        + "window_seconds = :window, signal_kind = :signalKind, candle_interval = :interval, "
                        + "metric = :metric" + (afresh ? ", armed = :armed, peak = :peak" : "")
                        + " where id = :id and user_id = :userId returning " + COLUMNS)
                .bind("id", a.id()).bind("userId", a.userId()).bind("hysteresis", a.hysteresis())
                .bind("cooldown", a.cooldownSeconds()).bind("enabled", a.enabled());
        if (afresh) {
            sql = nullable(sql.bind("armed", a.armed()), "peak", a.peak(), BigDecimal.class);
        }
        sql = nullable(sql, "direction", a.direction(), String.class);
        sql = nullable(sql, "threshold", a.threshold(), BigDecimal.class);
        sql = nullable(sql, "note", a.note(), String.class);
        sql = nullable(sql, "window", a.window() == null ? null : a.window().toSeconds(), Long.class);
        sql = nullable(sql, "signalKind", a.signalKind(), String.class);
        sql = nullable(sql, "interval", a.interval() == null ? null : a.interval().code(), String.class);
        sql = nullable(sql, "metric", a.metric() == null ? null : a.metric().code(), String.class);
        return sql.map(AlertRepository::alert).one();
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec sql, String name,
            T value, Class<T> type) {
        return value == null ? sql.bindNull(name, type) : sql.bind(name, value);
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

    /** Every enabled alert, and where to read changes from afterwards. */
    Mono<Snapshot> readAll() {
        return snapshot.transactional(position().flatMap(since -> enabled().collectList()
                .map(all -> new Snapshot(since, all, List.of()))));
    }

    /**
     * The alerts written (enabled or not) and deleted by transactions from {@code since} on, and where to read from
     * next. Changes seen before may come again (a transaction from {@code since} on that had already committed).
     */
    Mono<Snapshot> readChanges(long since) {
        return snapshot.transactional(position().flatMap(next -> db.sql("select " + COLUMNS
                        + " from alerts where change_xid >= :since").bind("since", since)
                .map(AlertRepository::alert).all().collectList()
                .flatMap(changed -> db.sql("select alert_id from alert_deletions where change_xid >= :since")
                        .bind("since", since).map(row -> row.get(0, UUID.class)).all().collectList()
                        .map(deleted -> new Snapshot(next, changed, deleted)))));
    }

    /** The oldest transaction running in this snapshot: every change this snapshot cannot see is by it or a later one. */
    private Mono<Long> position() {
        return db.sql("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                .map(row -> row.get(0, Long.class)).one();
    }

    /** Forgets deletions older than this; an instance that read no changes for that long reads every alert again. */
    Mono<Long> forgetDeletionsBefore(Instant before) {
        return db.sql("delete from alert_deletions where deleted_at < :before")
                .bind("before", before.atOffset(ZoneOffset.UTC)).fetch().rowsUpdated();
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

    /** A price alert's firing, prepared before it is known whether it may fire. */
    record PreparedFiring(UUID alertId, AlertEvent event, Outbox.Entry published) {
    }

    /**
     * Disarms those of these alerts that may fire at this time (each by its own cooldown) and stores the history
     * entries and outbox rows of exactly those, and re-arms the disarmed ones of {@code rearm}, in one statement
     * (atomic, one round trip, however many alerts); the ids fired, in the given order. Outbox rows go in in that
     * order, so one user's events stay in order. An alert must not be both fired and re-armed.
     */
    Flux<UUID> fireAll(List<PreparedFiring> firings, Instant at, Collection<UUID> rearm) {
        return db.sql("with fired as (update alerts set armed = false, last_triggered_at = :at "
                        + "where id = any(cast(:ids as uuid[])) and enabled and armed and (last_triggered_at is null "
                        + "or last_triggered_at <= :at - make_interval(secs => cooldown_seconds)) returning id), "
                        + "rearmed as (update alerts set armed = true where id = any(cast(:rearm as uuid[])) "
                        + "and not armed), "
                        + "f as (select c.* from unnest(cast(:ids as uuid[]), cast(:eventIds as uuid[]), "
                        + "cast(:userIds as text[]), cast(:kinds as text[]), cast(:symbols as text[]), "
                        + "cast(:directions as text[]), cast(:observed as numeric[]), cast(:thresholds as numeric[]), "
                        + "cast(:messages as text[]), cast(:topics as text[]), cast(:keys as text[]), "
                        + "cast(:types as text[]), cast(:payloads as text[])) with ordinality as c(alert_id, event_id, "
                        + "user_id, kind, symbol, direction, observed, threshold, message, topic, event_key, "
                        + "event_type, payload, ord) where c.alert_id in (select id from fired)), "
                        + "history as (insert into alert_events (" + EVENT_COLUMNS + ", source_id) select event_id, "
                        + "alert_id, user_id, kind, symbol, direction, observed, threshold, :at, null, message, null "
                        + "from f on conflict do nothing), "
                        + "published as (insert into outbox (topic, event_key, event_type, payload) select topic, "
                        + "event_key, event_type, decode(payload, 'hex') from f order by ord) "
                        + "select alert_id from f order by ord")
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("ids", column(firings, f -> f.alertId().toString()))
                .bind("eventIds", column(firings, f -> f.event().id().toString()))
                .bind("userIds", column(firings, f -> f.event().userId()))
                .bind("kinds", column(firings, f -> f.event().kind()))
                .bind("symbols", column(firings, f -> f.event().symbol()))
                .bind("directions", column(firings, f -> f.event().direction()))
                .bind("observed", column(firings, f -> f.event().observed().toPlainString()))
                .bind("thresholds", column(firings, f -> f.event().threshold().toPlainString()))
                .bind("messages", column(firings, f -> f.event().message()))
                .bind("topics", column(firings, f -> f.published().topic()))
                .bind("keys", column(firings, f -> f.published().key()))
                .bind("types", column(firings, f -> f.published().type()))
                // In hex, so the bytes come back exactly whatever the database's encoding.
                .bind("payloads", column(firings, f -> HEX.formatHex(f.published().payload())))
                .bind("rearm", rearm.stream().map(UUID::toString).toArray(String[]::new))
                .map(row -> row.get(0, UUID.class)).all();
    }

    /** One field of every firing, as a text array for {@code unnest}. */
    private static String[] column(List<PreparedFiring> firings, Function<PreparedFiring, String> field) {
        return firings.stream().map(field).toArray(String[]::new);
    }

    Mono<Long> rearmAll(Collection<UUID> ids) {
        return db.sql("update alerts set armed = true where id = any(cast(:ids as uuid[])) and not armed")
                .bind("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .fetch().rowsUpdated();
    }

    Mono<Long> rearm(UUID id) {
        return db.sql("update alerts set armed = true where id = :id and not armed").bind("id", id)
                .fetch().rowsUpdated();
    }

    /** Re-arms a drawdown alert with its peak starting afresh from the current value. */
    Mono<Long> rearm(UUID id, BigDecimal peak) {
        return db.sql("update alerts set armed = true, peak = :peak where id = :id and not armed")
                .bind("id", id).bind("peak", peak).fetch().rowsUpdated();
    }

    /**
     * Records a firing that leaves the alert armed (signal alerts) if the cooldown since the last one has passed;
     * 1 if this call is the one that fired it.
     */
    Mono<Long> fired(UUID id, Instant at, long cooldownSeconds) {
        return db.sql("update alerts set last_triggered_at = :at where id = :id and enabled "
                        + "and (last_triggered_at is null or last_triggered_at <= :latestPrevious)")
                .bind("id", id).bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("latestPrevious", at.minusSeconds(cooldownSeconds).atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated();
    }

    /** Raises a drawdown alert's stored peak (never lowers it, whichever instance writes first). */
    Mono<Long> raisePeak(UUID id, BigDecimal peak) {
        return db.sql("update alerts set peak = :peak where id = :id and (peak is null or peak < :peak)")
                .bind("id", id).bind("peak", peak).fetch().rowsUpdated();
    }

    /** Rescales a drawdown alert's peak after the portfolio's holdings changed (see DrawdownMonitor). */
    Mono<Long> rebasePeak(UUID id, BigDecimal peak) {
        return db.sql("update alerts set peak = :peak where id = :id").bind("id", id).bind("peak", peak)
                .fetch().rowsUpdated();
    }

    /**
     * Stores a history entry; with a {@code sourceId} (the event that caused it) at most once per alert, so a
     * redelivered event adds nothing. 1 if stored.
     */
    Mono<Long> insertEvent(AlertEvent e, String sourceId) {
        return insertEvents(List.of(e), sourceId);
    }

    /** Stores history entries with one {@code sourceId} (null for a trade's firings) in one statement. */
    Mono<Long> insertEvents(List<AlertEvent> events, String sourceId) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            values.append(i == 0 ? "(" : ", (").append(String.join(", ", List.of(":id" + i, ":alertId" + i,
                    ":userId" + i, ":kind" + i, ":symbol" + i, ":direction" + i, ":observed" + i, ":threshold" + i,
                    ":triggeredAt" + i, "null", ":message" + i, ":sourceId"))).append(")");
        }
        DatabaseClient.GenericExecuteSpec sql = db.sql("insert into alert_events (" + EVENT_COLUMNS + ", source_id) "
                + "values " + values + " on conflict do nothing");
        for (int i = 0; i < events.size(); i++) {
            AlertEvent e = events.get(i);
            sql = sql.bind("id" + i, e.id()).bind("alertId" + i, e.alertId()).bind("userId" + i, e.userId())
                    .bind("kind" + i, e.kind()).bind("observed" + i, e.observed()).bind("threshold" + i, e.threshold())
                    .bind("triggeredAt" + i, e.triggeredAt().atOffset(ZoneOffset.UTC)).bind("message" + i, e.message());
            sql = nullable(sql, "symbol" + i, e.symbol(), String.class);
            sql = nullable(sql, "direction" + i, e.direction(), String.class);
        }
        return nullable(sql, "sourceId", sourceId, String.class).fetch().rowsUpdated();
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
        Long window = row.get("window_seconds", Long.class);
        String interval = row.get("candle_interval", String.class);
        String metric = row.get("metric", String.class);
        return new Alert(row.get("id", UUID.class), row.get("user_id", String.class),
                AlertKind.find(row.get("kind", String.class)).orElseThrow(), row.get("symbol", String.class),
                row.get("direction", String.class), strip(row.get("threshold", BigDecimal.class)),
                strip(row.get("hysteresis", BigDecimal.class)), row.get("cooldown_seconds", Long.class),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)), Boolean.TRUE.equals(row.get("armed", Boolean.class)),
                last == null ? null : last.toInstant(), row.get("note", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                window == null ? null : Duration.ofSeconds(window), row.get("signal_kind", String.class),
                interval == null ? null : Interval.of(interval), row.get("portfolio_id", UUID.class),
                metric == null ? null : PredictionRule.Metric.find(metric).orElseThrow(),
                strip(row.get("peak", BigDecimal.class)));
    }

    private static AlertEvent event(Readable row) {
        OffsetDateTime ack = row.get("acknowledged_at", OffsetDateTime.class);
        return new AlertEvent(row.get("id", UUID.class), row.get("alert_id", UUID.class),
                row.get("user_id", String.class), row.get("kind", String.class), row.get("symbol", String.class),
                row.get("direction", String.class),
                strip(row.get("observed", BigDecimal.class)), strip(row.get("threshold", BigDecimal.class)),
                row.get("triggered_at", OffsetDateTime.class).toInstant(), ack == null ? null : ack.toInstant(),
                row.get("message", String.class));
    }

    private static BigDecimal strip(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
