package io.coinlens.users.audit;

import io.r2dbc.postgresql.codec.Json;
import io.coinlens.starter.RequestIdWebFilter;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Appends to {@code audit_log}, which the database refuses to update or delete. Rows name a user by id only, so they
 * can outlive the account without keeping its email. Call inside the transaction of the change being audited.
 */
@Component
public class AuditLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;
    private final Clock clock;

    AuditLog(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Mono<Void> record(AuditAction action, UUID userId, String clientAddress) {
        return record(action, userId, clientAddress, Map.of());
    }

    public Mono<Void> record(AuditAction action, UUID userId, String clientAddress, Map<String, ?> detail) {
        return Mono.deferContextual(context -> {
            String requestId = context.getOrDefault(RequestIdWebFilter.CONTEXT_KEY, null);
            DatabaseClient.GenericExecuteSpec sql = db.sql("""
                    insert into audit_log (occurred_at, action, user_id, client_address, request_id, detail)
                    values (:at, :action, :userId, :address, :requestId, :detail)""")
                    .bind("at", Instant.now(clock))
                    .bind("action", action.name())
                    .bind("detail", Json.of(JSON.writeValueAsString(detail)));
            sql = userId == null ? sql.bindNull("userId", UUID.class) : sql.bind("userId", userId);
            sql = clientAddress == null ? sql.bindNull("address", String.class) : sql.bind("address", clientAddress);
            sql = requestId == null ? sql.bindNull("requestId", String.class) : sql.bind("requestId", requestId);
            return sql.then();
        });
    }
}
