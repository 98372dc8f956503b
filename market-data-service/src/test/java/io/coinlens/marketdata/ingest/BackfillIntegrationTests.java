package io.coinlens.marketdata.ingest;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.testing.Infrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection was cut and came back: the trades it missed are fetched from the exchange's history (slowly, over
 * several pages) while its live trades keep arriving. In Kafka, every trade id is there once, in order.
 */
class BackfillIntegrationTests {

    static final long LAST_BEFORE_CUT = 500;
    static final long FIRST_AFTER_CUT = 2_501;
    static final long LAST = 6_000;

    @Test
    void aGapFilledWhileLiveTradesKeepArrivingReachesKafkaInOrderExactlyOnce() throws Exception {
        String symbol = "GAP" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-USDT";
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producers);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestionMetrics metrics = new IngestionMetrics(registry);
        AtomicLong acknowledged = new AtomicLong();
        TradePublisher publisher = new TradePublisher(template, new EventCodec(), metrics,
                trade -> acknowledged.incrementAndGet());
        // The exchange answers only once the live stream has delivered past the middle of what follows the cut.
        CountDownLatch liveWentOn = new CountDownLatch(1);
        List<Long> pagesAsked = new CopyOnWriteArrayList<>();
        TradeSequencer.GapFiller history = (s, fromId, limit) -> {
            try {
                liveWentOn.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pagesAsked.add(fromId);
            return LongStream.range(fromId, fromId + limit).mapToObj(id -> trade(symbol, id)).toList();
        };

        try (TradeSequencer sequencer = new TradeSequencer("binance", history, publisher, metrics,
                s -> OptionalLong.empty(), 100_000, 100_000)) {
            for (long id = 1; id <= LAST_BEFORE_CUT; id++) {
                sequencer.accept(trade(symbol, id));
            }
            for (long id = FIRST_AFTER_CUT; id <= LAST; id++) {
                sequencer.accept(trade(symbol, id));
                if (id == (FIRST_AFTER_CUT + LAST) / 2) {
                    assertThat(pagesAsked).as("no page answered yet").isEmpty();
                    liveWentOn.countDown();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() == LAST);
        }
        producers.destroy();
        assertThat(acknowledged).as("nothing passed on twice").hasValue(LAST);

        assertThat(readBack(symbol)).containsExactlyElementsOf(LongStream.rangeClosed(1, LAST).boxed().toList());
        assertThat(pagesAsked).as("1,000 a page").containsExactly(501L, 1_501L);
        assertThat(registry.find("coinlens.ingest.backfilled").counter().count()).isEqualTo(2_000);
        assertThat(registry.find("coinlens.ingest.lost").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    private static List<Long> readBack(String symbol) {
        EventCodec codec = new EventCodec();
        List<Long> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.TRADES.topicName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals("binance:" + symbol)) {
                        ids.add(codec.decode(r.value(), TradeRecorded.class).orElseThrow().tradeId());
                    }
                });
                return ids.size() >= LAST;
            });
        }
        return ids;
    }

    private static TradeRecorded trade(String symbol, long id) {
        return new TradeRecorded("binance", symbol, id, new BigDecimal("64000.10"), BigDecimal.ONE, false,
                1_717_000_000_000L + id, 1_717_000_000_100L + id);
    }
}
