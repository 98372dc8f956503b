package io.coinlens.marketdata.ingest;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ticker and the restart checkpoint follow what Kafka acknowledged, not what was sent: a trade whose write failed
 * must stay after the checkpoint, so that the next start backfills it. The broker's answers are scripted here; the
 * path on a real broker is covered by the ingestion integration tests.
 */
class TradePublisherTests {

    private final Node node = new Node(0, "localhost", 9092);
    private final MockProducer<String, byte[]> producer = new MockProducer<>(
            new Cluster("test", List.of(node),
                    List.of(new PartitionInfo(Topic.TRADES.topicName(), 0, node, new Node[] {node}, new Node[] {node})),
                    Set.of(), Set.of()),
            false, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Long> passedOn = new CopyOnWriteArrayList<>();
    private final TradePublisher publisher = new TradePublisher(
            new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)), new EventCodec(),
            new IngestionMetrics(registry), trade -> passedOn.add(trade.tradeId()));

    @Test
    void aTradeIsPassedOnOnlyOnceKafkaHasAcknowledgedIt() {
        publisher.publish(trade(1));
        publisher.publish(trade(2));
        assertThat(passedOn).isEmpty();

        producer.completeNext();
        assertThat(passedOn).containsExactly(1L);
        producer.completeNext();
        assertThat(passedOn).containsExactly(1L, 2L);
        assertThat(producer.history()).extracting(record -> record.key())
                .containsExactly("binance:BTC-USDT", "binance:BTC-USDT");
    }

    @Test
    void aTradeKafkaRefusedDoesNotMoveTheCheckpointAndIsCounted() {
        publisher.publish(trade(7));
        producer.errorNext(new TimeoutException("delivery timed out"));

        assertThat(passedOn).isEmpty();
        assertThat(registry.get("coinlens.ingest.publish.failures").tag("exchange", "binance").counter().count())
                .isEqualTo(1.0);
    }

    private static TradeRecorded trade(long id) {
        return new TradeRecorded("binance", "BTC-USDT", id, new BigDecimal("64000.10"), new BigDecimal("0.5"), false,
                1_717_000_000_000L + id, 1_717_000_000_100L + id);
    }
}
