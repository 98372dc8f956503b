package io.coinlens.portfolio.webhook;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Webhooks and their deliveries. Every query a user can reach names the owner: someone else's rows are not found. */
@Repository
class WebhookRepository {

    private static final String HOOK = "id, user_id, url, secret, description, active, created_at";
    private static final String DELIVERY = "id, webhook_id, user_id, event_id, status, attempts, next_attempt_at, "
            + "last_status, last_error, created_at, delivered_at, payload";

    private final DatabaseClient db;

    WebhookRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Webhook> insert(Webhook w) {
        return db.sql("insert into webhooks (" + HOOK + ") values (:id, :user, :url, :secret, :description, :active, :at)")
                .bind("id", w.id()).bind("user", w.userId()).bind("url", w.url()).bind("secret", w.secret())
                .bind("description", w.description() == null ? "" : w.description()).bind("active", w.active())
                .bind("at", utc(w.createdAt()))
                .then().thenReturn(w);
    }

    Mono<Webhook> findOwned(UUID id, String user) {
        return db.sql("select " + HOOK + " from webhooks where id = :id and user_id = :user")
                .bind("id", id).bind("user", user).map(WebhookRepository::webhook).one();
    }

    Mono<Webhook> find(UUID id) {
        return db.sql("select " + HOOK + " from webhooks where id = :id").bind("id", id)
                .map(WebhookRepository::webhook).one();
    }

    Flux<Webhook> listOwned(String user) {
        return db.sql("select " + HOOK + " from webhooks where user_id = :user order by created_at, id")
                .bind("user", user).map(WebhookRepository::webhook).all();
    }

    Flux<Webhook> activeOf(String user) {
        return db.sql("select " + HOOK + " from webhooks where user_id = :user and active")
                .bind("user", user).map(WebhookRepository::webhook).all();
    }

    Mono<Long> countOwned(String user) {
        return db.sql("select count(*) as n from webhooks where user_id = :user").bind("user", user)
                .map(row -> row.get("n", Long.class)).one();
    }

    Mono<Webhook> update(UUID id, String user, String url, String description, boolean active) {
        return db.sql("update webhooks set url = :url, description = :description, active = :active "
                        + "where id = :id and user_id = :user returning " + HOOK)
                .bind("url", url).bind("description", description).bind("active", active)
                .bind("id", id).bind("user", user).map(WebhookRepository::webhook).one();
    }

    Mono<Long> deleteOwned(UUID id, String user) {
        return db.sql("delete from webhooks where id = :id and user_id = :user").bind("id", id).bind("user", user)
                .fetch().rowsUpdated();
    }

    /** Erases a deleted user's webhooks; their deliveries go with them (on delete cascade). */
    Mono<Long> deleteAllOf(String user) {
        return db.sql("delete from webhooks where user_id = :user").bind("user", user).fetch().rowsUpdated();
    }

    /** Queues an event for a webhook once: a redelivered event finds its row and adds nothing. */
    Mono<Long> enqueue(UUID webhookId, String user, String eventId, String payload, Instant now) {
        return db.sql("insert into webhook_deliveries (id, webhook_id, user_id, event_id, status, attempts, "
                        + "next_attempt_at, created_at, payload) values (:id, :hook, :user, :event, 'pending', 0, :now, "
                        + ":now, :payload) on conflict (webhook_id, event_id) do nothing")
                .bind("id", UUID.randomUUID()).bind("hook", webhookId).bind("user", user).bind("event", eventId)
                .bind("now", utc(now)).bind("payload", payload)
                .fetch().rowsUpdated();
    }

    /**
     * Takes up to {@code limit} due deliveries for this replica: counts the attempt and pushes the next one past
     * {@code claimUntil}, so no other replica sends them meanwhile (and a crash here only delays them).
     */
    Flux<Delivery> claimDue(Instant now, Instant claimUntil, int limit) {
        return db.sql("update webhook_deliveries set attempts = attempts + 1, next_attempt_at = :until "
                        + "where id in (select id from webhook_deliveries where status = 'pending' "
                        + "and next_attempt_at <= :now order by next_attempt_at limit :limit for update skip locked) "
                        + "returning " + DELIVERY)
                .bind("now", utc(now)).bind("until", utc(claimUntil)).bind("limit", limit)
                .map(WebhookRepository::delivery).all();
    }

    Mono<Void> delivered(UUID id, int status, Instant at) {
        return db.sql("update webhook_deliveries set status = 'delivered', last_status = :status, last_error = null, "
                        + "delivered_at = :at where id = :id")
                .bind("status", status).bind("at", utc(at)).bind("id", id).then();
    }

    Mono<Void> failed(UUID id, Integer status, String error, Instant nextAttempt, boolean dead) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("update webhook_deliveries set status = :state, "
                        + "last_status = :status, last_error = :error, next_attempt_at = :next where id = :id")
                .bind("state", dead ? Delivery.DEAD : Delivery.PENDING)
                .bind("error", error.length() > 500 ? error.substring(0, 500) : error)
                .bind("next", utc(nextAttempt)).bind("id", id);
        spec = status == null ? spec.bindNull("status", Integer.class) : spec.bind("status", status);
        return spec.then();
    }

    Flux<Delivery> deliveriesOwned(UUID webhookId, String user, String status, int limit) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("select " + DELIVERY + " from webhook_deliveries "
                        + "where webhook_id = :hook and user_id = :user" + (status == null ? "" : " and status = :status")
                        + " order by created_at desc, id limit :limit")
                .bind("hook", webhookId).bind("user", user).bind("limit", limit);
        if (status != null) {
            spec = spec.bind("status", status);
        }
        return spec.map(WebhookRepository::delivery).all();
    }

    /** Puts a dead delivery back in the queue, as if new. */
    Mono<Delivery> replayOwned(UUID webhookId, UUID deliveryId, String user, Instant now) {
        return db.sql("update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = :now, "
                        + "last_error = null, last_status = null where id = :id and webhook_id = :hook "
                        + "and user_id = :user and status = 'dead' returning " + DELIVERY)
                .bind("now", utc(now)).bind("id", deliveryId).bind("hook", webhookId).bind("user", user)
                .map(WebhookRepository::delivery).one();
    }

    Mono<Delivery> findDeliveryOwned(UUID webhookId, UUID deliveryId, String user) {
        return db.sql("select " + DELIVERY + " from webhook_deliveries where id = :id and webhook_id = :hook "
                        + "and user_id = :user")
                .bind("id", deliveryId).bind("hook", webhookId).bind("user", user)
                .map(WebhookRepository::delivery).one();
    }

    private static Webhook webhook(Readable row) {
        return new Webhook(row.get("id", UUID.class), row.get("user_id", String.class), row.get("url", String.class),
                row.get("secret", String.class), row.get("description", String.class),
                Boolean.TRUE.equals(row.get("active", Boolean.class)), instant(row, "created_at"));
    }

    private static Delivery delivery(Readable row) {
        return new Delivery(row.get("id", UUID.class), row.get("webhook_id", UUID.class),
                row.get("user_id", String.class), row.get("event_id", String.class), row.get("status", String.class),
                row.get("attempts", Integer.class), instant(row, "next_attempt_at"), row.get("last_status", Integer.class),
                row.get("last_error", String.class), instant(row, "created_at"), instant(row, "delivered_at"),
                row.get("payload", String.class));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
