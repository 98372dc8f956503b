package io.coinlens.marketdata;

import io.coinlens.contracts.CoinlensEvent;
import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes trades straight into {@code market.trades.v1}, as market-data-service's publisher would, and other events. */
public final class TradesOnKafka implements AutoCloseable {

    private static final byte[] TYPE = EventType.TRADE_RECORDED.id().getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();

    public TradesOnKafka(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.ACKS_CONFIG, "1"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A Binance trade of {@code symbol}, received (by our account) now. */
    public void send(String symbol, long tradeId, BigDecimal price) {
        long now = System.currentTimeMillis();
        TradeRecorded trade = new TradeRecorded("binance", symbol, tradeId, price, BigDecimal.ONE, false, now, now);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.TRADES.topicName(), trade.key(),
                codec.encode(trade));
        record.headers().add(EventHeaders.TYPE_ID, TYPE);
        producer.send(record);
    }

    /** Any event, on its own topic with its type header, as its owner would publish it. */
    public void send(CoinlensEvent event) {
        EventType type = EventType.of(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic().topicName(), event.key(),
                codec.encode(event));
        record.headers().add(EventHeaders.TYPE_ID, type.id().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
