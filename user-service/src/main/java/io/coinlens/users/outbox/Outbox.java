package io.coinlens.users.outbox;

import io.coinlens.contracts.CoinlensEvent;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventType;
import io.coinlens.starter.RequestIdWebFilter;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Stores an event in the {@code outbox} table. Called inside the transaction that makes the change, so the event
 * exists if and only if the change committed; {@link OutboxRelay} then publishes it to Kafka.
 */
@Component
public class Outbox {

    private final DatabaseClient db;
    private final EventCodec codec;

    Outbox(DatabaseClient db, EventCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    public Mono<Void> add(CoinlensEvent event) {
        EventType type = EventType.of(event);
        byte[] payload = codec.encode(event);
        return Mono.deferContextual(context -> {
            String requestId = context.getOrDefault(RequestIdWebFilter.CONTEXT_KEY, null);
            DatabaseClient.GenericExecuteSpec sql = db.sql("""
                    insert into outbox (topic, event_key, event_type, payload, request_id)
                    values (:topic, :key, :type, :payload, :requestId)""")
                    .bind("topic", type.topic().topicName())
                    .bind("key", event.key())
                    .bind("type", type.id())
                    .bind("payload", payload);
            sql = requestId == null ? sql.bindNull("requestId", String.class) : sql.bind("requestId", requestId);
            return sql.then();
        });
    }
}
