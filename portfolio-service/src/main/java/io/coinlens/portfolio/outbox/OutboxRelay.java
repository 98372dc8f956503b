package io.coinlens.portfolio.outbox;

import io.coinlens.portfolio.config.PortfolioProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes outbox rows to Kafka in insertion order, a batch at a time without waiting for each acknowledgement in
 * turn ({@link OutboxSender}), and deletes those acknowledged. A transaction-scoped advisory lock lets one instance
 * relay at a time, so events of one user never overtake each other. Delivery is at least once: a crash between the
 * send and the delete sends the event again, which the consumers of alerts must tolerate (the alert id and time
 * identify a repeat).
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Any constant unique within this database ('cl-pfalt' in ASCII; user-service uses 'cl-outbx'). */
    private static final long LOCK_ID = 0x636c2d7066616c74L;

    /** Sent without waiting for each acknowledgement, so a batch costs about one round trip to the broker. */
    static final int BATCH_SIZE = 500;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PortfolioProperties.Alerts settings;
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final OutboxSender sender;
    private volatile Disposable polling;

    OutboxRelay(DatabaseClient db, TransactionalOperator tx, PortfolioProperties properties,
            KafkaProperties kafkaProperties) {
        this.db = db;
        this.tx = tx;
        this.settings = properties.alerts();
        // Its own producer: events are already encoded bytes, whatever the application's default serializers. A send
        // gives up within sendTimeout, so a broker outage stalls the relay instead of piling up blocked threads.
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        int timeoutMs = (int) settings.sendTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs - 1000));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producers = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        this.sender = new OutboxSender(producers::createProducer, settings.sendTimeout().plusSeconds(2));
    }

    /** Publishes what is waiting now; returns how many events went out. */
    Mono<Integer> relayOnce() {
        return tx.transactional(db.sql("select pg_try_advisory_xact_lock(:lock)").bind("lock", LOCK_ID)
                        .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class))).one()
                        .filter(locked -> locked)
                        .flatMap(locked -> pending().collectList())
                        .flatMap(sender::send)
                        .flatMap(this::delete)
                        .defaultIfEmpty(0));
    }

    private Flux<OutboxSender.Row> pending() {
        return db.sql("select id, topic, event_key, event_type, payload from outbox order by id limit :n")
                .bind("n", BATCH_SIZE)
                .map(row -> new OutboxSender.Row(row.get("id", Long.class), row.get("topic", String.class),
                        row.get("event_key", String.class), row.get("event_type", String.class),
                        row.get("payload", byte[].class)))
                .all();
    }

    private Mono<Integer> delete(List<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.just(0);
        }
        return db.sql("delete from outbox where id = any(:ids)").bind("ids", ids.toArray(Long[]::new))
                .fetch().rowsUpdated().thenReturn(ids.size());
    }

    @Override
    public void start() {
        polling = Flux.interval(settings.outboxPollInterval())
                .onBackpressureDrop()
                // A full batch means more is waiting: go on at once rather than one batch per tick.
                .concatMap(tick -> relayOnce().expand(sent -> sent >= BATCH_SIZE ? relayOnce() : Mono.empty())
                        .then(Mono.just(0)).onErrorResume(e -> {
                    log.warn("Outbox relay failed: {}", e.toString());
                    return Mono.just(0);
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = polling;
        if (running != null) {
            running.dispose();
        }
        polling = null;
        producers.destroy();
    }

    @Override
    public boolean isRunning() {
        return polling != null;
    }
}
