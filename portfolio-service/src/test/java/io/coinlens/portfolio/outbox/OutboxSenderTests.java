package io.coinlens.portfolio.outbox;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker's answers are scripted: which rows count as sent when some are not acknowledged. */
class OutboxSenderTests {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());

    private static List<OutboxSender.Row> rows(String... keys) {
        List<OutboxSender.Row> rows = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            rows.add(new OutboxSender.Row(i + 1, "portfolio.alerts.v1", keys[i], "AlertTriggered",
                    new byte[] {(byte) i}));
        }
        return rows;
    }

    /** Starts sending and waits until every row is with the producer, none acknowledged yet. */
    private CompletableFuture<List<Long>> sending(OutboxSender sender, List<OutboxSender.Row> rows, int expected) {
        CompletableFuture<List<Long>> result = sender.send(rows).toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == expected);
        return result;
    }

    @Test
    void theWholeBatchIsSentBeforeAnyAcknowledgementInOrderAndAllOfItCounts() {
        OutboxSender sender = new OutboxSender(() -> producer, Duration.ofSeconds(30));
        CompletableFuture<List<Long>> result = sending(sender, rows("alice", "bob", "alice", "carol"), 4);

        assertThat(result).isNotDone();
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("alice", "bob", "alice", "carol");
        assertThat(producer.history().get(0).headers().lastHeader("__TypeId__")).isNotNull();
        while (producer.completeNext()) {
            // every send acknowledged
        }
        assertThat(result.join()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aFailedEventAndTheLaterEventsOfItsUserStayWhileOtherUsersEventsCount() {
        OutboxSender sender = new OutboxSender(() -> producer, Duration.ofSeconds(30));
        CompletableFuture<List<Long>> result = sending(sender, rows("alice", "bob", "alice", "carol", "alice", "bob"), 6);

        producer.completeNext();
        producer.completeNext();
        producer.errorNext(new TimeoutException("expired"));
        producer.completeNext();
        producer.completeNext();
        producer.completeNext();

        // alice's third event was acknowledged, but it stays behind her second, which failed, to keep her order.
        assertThat(result.join()).containsExactly(1L, 2L, 4L, 6L);
    }

    @Test
    void aSendThatThrowsEndsTheBatchAndNothingFromThereOnCounts() {
        OutboxSender sender = new OutboxSender(() -> producer, Duration.ofSeconds(30));
        List<OutboxSender.Row> rows = rows("alice", "bob", "carol");
        CompletableFuture<List<Long>> first = sending(sender, rows.subList(0, 1), 1);
        producer.completeNext();
        assertThat(first.join()).containsExactly(1L);

        producer.sendException = new TimeoutException("no metadata");
        assertThat(sender.send(rows.subList(1, 3)).block()).isEmpty();
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void whatIsNotAcknowledgedInTimeDoesNotCount() {
        OutboxSender sender = new OutboxSender(() -> producer, Duration.ofSeconds(2));
        CompletableFuture<List<Long>> result = sending(sender, rows("alice", "bob"), 2);

        producer.completeNext();

        assertThat(result.join()).containsExactly(1L);
    }

    @Test
    void anEmptyBatchSendsNothing() {
        assertThat(new OutboxSender(() -> producer, Duration.ofSeconds(1)).send(List.of()).block()).isEmpty();
        assertThat(producer.history()).isEmpty();
    }
}
