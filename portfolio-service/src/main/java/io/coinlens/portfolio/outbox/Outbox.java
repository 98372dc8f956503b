package io.coinlens.portfolio.outbox;

import io.coinlens.contracts.CoinlensEvent;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.List;

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
        return addAll(List.of(event));
    }

    /** Stores several events in one statement, in this order. */
    public Mono<Void> addAll(List<? extends CoinlensEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(:topic").append(i).append(", :key").append(i)
                    .append(", :type").append(i).append(", :payload").append(i).append(")");
        }
        DatabaseClient.GenericExecuteSpec sql = db.sql("insert into outbox (topic, event_key, event_type, payload) "
                + "values " + values);
        for (int i = 0; i < events.size(); i++) {
            CoinlensEvent event = events.get(i);
            EventType type = EventType.of(event);
            sql = sql.bind("topic" + i, type.topic().topicName()).bind("key" + i, event.key())
                    .bind("type" + i, type.id()).bind("payload" + i, codec.encode(event));
        }
        return sql.then();
    }

    /** The row an event becomes, for a statement that inserts it together with the change it announces. */
    public record Entry(String topic, String key, String type, byte[] payload) {
    }

    public Entry entry(CoinlensEvent event) {
        EventType type = EventType.of(event);
        return new Entry(type.topic().topicName(), event.key(), type.id(), codec.encode(event));
    }

    /** Erases a user's unsent events (they would name the user). */
    public Mono<Long> deleteAllOf(String userId) {
        return db.sql("delete from outbox where event_key = :key").bind("key", userId).fetch().rowsUpdated();
    }
}
