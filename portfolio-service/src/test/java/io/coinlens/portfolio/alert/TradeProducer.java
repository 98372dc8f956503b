package io.coinlens.portfolio.alert;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.TradeRecorded;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@link AlertBenchmark}'s trade source, in a JVM of its own so that its cost is not charged to the evaluator: a slow
 * random walk per symbol around 100, written to {@code market.trades.v1} at {@code rate} per second for
 * {@code seconds}, or (rate 0) {@code count} trades as fast as it can. Its last line is {@code sent <n> <seconds>}.
 * With {@code warmup} seconds (rate only) it sends at the rate for that long first, without a pause, and prints
 * {@code warm <n>} when the measured part begins. Arguments: bootstrap rate seconds count symbols step [warmup].
 */
public final class TradeProducer {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        long count = Long.parseLong(args[3]);
        int symbols = Integer.parseInt(args[4]);
        double step = Double.parseDouble(args[5]);
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 0;

        EventCodec codec = new EventCodec();
        byte[] type = "TradeRecorded".getBytes(StandardCharsets.UTF_8);
        double[] prices = new double[symbols];
        Arrays.fill(prices, 100.0);
        String[] names = new String[symbols];
        for (int s = 0; s < symbols; s++) {
            names[s] = String.format("BEN%04d-USDT", s);
        }
        Random random = new Random(42);
        long sent = 0;
        long warmSent = 0;
        boolean warmed = warmup == 0;
        long start;
        long stop;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 131072, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            long began = System.nanoTime();
            start = began + warmup * 1_000_000_000L;
            long end = rate > 0 ? start + seconds * 1_000_000_000L : Long.MAX_VALUE;
            while (System.nanoTime() < end && (rate > 0 || sent < count)) {
                if (!warmed && System.nanoTime() >= start) {
                    warmed = true;
                    warmSent = sent;
                    System.out.printf(Locale.ROOT, "warm %d%n", sent);
                    System.out.flush();
                }
                long due = rate > 0 ? (long) ((System.nanoTime() - began) / 1e9 * rate) : Math.min(count, sent + 1000);
                for (; sent < due; sent++) {
                    int s = random.nextInt(symbols);
                    prices[s] *= 1 + step * random.nextGaussian();
                    long now = System.currentTimeMillis();
                    TradeRecorded trade = new TradeRecorded("binance", names[s], sent + 1,
                            BigDecimal.valueOf(prices[s]).setScale(4, RoundingMode.HALF_EVEN), BigDecimal.ONE,
                            random.nextBoolean(), now, now);
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>("market.trades.v1", null, now,
                            trade.key(), codec.encode(trade));
                    record.headers().add(EventHeaders.TYPE_ID, type);
                    producer.send(record);
                }
                if (rate > 0) {
                    Thread.sleep(1);
                }
            }
            producer.flush();
            stop = System.nanoTime();
        }
        System.out.printf(Locale.ROOT, "sent %d %.3f%n", sent - warmSent, (stop - start) / 1e9);
    }
}
