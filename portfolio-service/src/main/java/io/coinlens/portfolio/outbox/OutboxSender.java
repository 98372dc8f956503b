package io.coinlens.portfolio.outbox;

import io.coinlens.contracts.EventHeaders;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Sends a batch of outbox rows without waiting for each acknowledgement in turn, then waits for them all. The
 * producer is idempotent with acks=all, so the events of one partition (one user: events are keyed by user) are
 * written in the order sent, retries included. Only what was acknowledged counts as sent, and of one key only the
 * events before its first failure: a later one stays with it in the outbox and goes again after it, so one user's
 * events are never re-sent out of order (one acknowledged after a failure may go twice, which consumers of alerts
 * already tolerate).
 */
class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    record Row(long id, String topic, String key, String type, byte[] payload) {
    }

    private final Supplier<Producer<String, byte[]>> producer;
    private final Duration wait;

    /**
     * @param producer called for each batch, off the event loop: creating the producer waits for the first send, so
     *                 a broker that cannot be resolved yet does not stop the service from starting
     * @param wait     how long to wait for the acknowledgements; what is not acknowledged by then stays unsent
     */
    OutboxSender(Supplier<Producer<String, byte[]>> producer, Duration wait) {
        this.producer = producer;
        this.wait = wait;
    }

    /** The ids of the rows that count as sent, in the rows' order. */
    Mono<List<Long>> send(List<Row> rows) {
        if (rows.isEmpty()) {
            return Mono.just(List.of());
        }
        // send() may block on metadata; keep it off the database's event loop.
        return Mono.fromCallable(() -> sendAll(rows))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(acks -> Mono.fromFuture(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                                .exceptionally(e -> null))
                        .timeout(wait, Mono.empty())
                        .then(Mono.fromSupplier(() -> acknowledged(rows, acks))));
    }

    /** One future a row sent; a send that throws ends the batch, since the rest would likely throw too. */
    private List<CompletableFuture<Void>> sendAll(List<Row> rows) {
        Producer<String, byte[]> producer = this.producer.get();
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            record.headers().add(EventHeaders.TYPE_ID, row.type().getBytes(StandardCharsets.UTF_8));
            CompletableFuture<Void> ack = new CompletableFuture<>();
            try {
                producer.send(record, (metadata, e) -> {
                    if (e == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
                acks.add(ack);
                break;
            }
            acks.add(ack);
        }
        return acks;
    }

    private List<Long> acknowledged(List<Row> rows, List<CompletableFuture<Void>> acks) {
        Set<String> stopped = new HashSet<>();
        List<Long> sent = new ArrayList<>(rows.size());
        Throwable firstFailure = null;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            CompletableFuture<Void> ack = i < acks.size() ? acks.get(i) : null;
            boolean ok = ack != null && ack.isDone() && !ack.isCompletedExceptionally();
            if (ok && !stopped.contains(row.key())) {
                sent.add(row.id());
            } else {
                stopped.add(row.key());
                if (firstFailure == null && ack != null && ack.isCompletedExceptionally()) {
                    firstFailure = ack.handle((v, e) -> e).join();
                }
            }
        }
        if (sent.size() < rows.size()) {
            log.warn("Outbox relay: {} of {} events not acknowledged, kept for the next round: {}",
                    rows.size() - sent.size(), rows.size(),
                    firstFailure == null ? "no answer in " + wait : firstFailure.toString());
        }
        return sent;
    }
}
