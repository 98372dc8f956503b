package io.coinlens.marketdata.bench;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.EventHeaders;
import io.coinlens.contracts.EventType;
import io.coinlens.contracts.Topic;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.marketdata.stream.RawWebSocket;
import io.coinlens.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Stream API fan-out: trades written straight into Kafka (symbols × rate per symbol, each stamped with the produce
 * time as record timestamp and {@code receivedAt}), consumed by market-data-service, sent to WebSocket clients each
 * subscribed to one symbol's trade stream. Prints latency from the Kafka record timestamp to receipt (p50, p99, max),
 * then adds one client that subscribes to every stream and never reads: shows when it is dropped and the heap after
 * GC before, during and after. Everything in this JVM, on loopback. Options as system properties: clients (1000),
 * symbols (100), ratePerSymbol (10), warmup (20 s), seconds (30), stallLimit (120 s).
 */
public final class FanOutBenchmark {

    private static final byte[] TYPE = EventType.TRADE_RECORDED.id().getBytes(StandardCharsets.UTF_8);

    /** Latencies in 0.1 ms buckets up to 60 s. */
    private static final AtomicLongArray LATENCY = new AtomicLongArray(600_000);
    private static final AtomicLong RECEIVED = new AtomicLong();
    private static volatile boolean measuring;

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 1000);
        int symbols = Integer.getInteger("symbols", 100);
        int ratePerSymbol = Integer.getInteger("ratePerSymbol", 10);
        int warmup = Integer.getInteger("warmup", 20);
        int seconds = Integer.getInteger("seconds", 30);
        int stallLimit = Integer.getInteger("stallLimit", 120);

        List<String> canonical = IntStream.rangeClosed(1, symbols).mapToObj(i -> String.format("SYN%04d-USDT", i)).toList();
        ConfigurableApplicationContext service = Bench.startService(
                "--coinlens.market-data.binance.enabled=false", "--coinlens.market-data.coinbase.enabled=false",
                "--coinlens.market-data.binance.symbols=" + String.join(",", canonical));
        int port = Bench.port(service);
        MeterRegistry registry = service.getBean(MeterRegistry.class);

        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "1"),
                new StringSerializer(), new ByteArraySerializer());
        EventCodec codec = new EventCodec();
        AtomicLong tradeId = new AtomicLong();
        AtomicLong produced = new AtomicLong();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        // Each tick trades every symbol once, spread over the tick rather than in one burst.
        long tickMicros = 1_000_000L / ratePerSymbol / symbols;
        AtomicInteger next = new AtomicInteger();
        load.scheduleAtFixedRate(() -> {
            String symbol = canonical.get(next.getAndIncrement() % symbols);
            long now = System.currentTimeMillis();
            TradeRecorded trade = new TradeRecorded("binance", symbol, tradeId.incrementAndGet(),
                    new BigDecimal("100.25"), new BigDecimal("0.5"), false, now, now);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.TRADES.topicName(), null, now,
                    trade.key(), codec.encode(trade));
            record.headers().add(EventHeaders.TYPE_ID, TYPE);
            producer.send(record);
            produced.incrementAndGet();
        }, 0, tickMicros, TimeUnit.MICROSECONDS);

        HttpClient http = HttpClient.newConnection();
        List<Disposable> sessions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String stream = canonical.get(i % symbols).toLowerCase(Locale.ROOT) + "@trade";
            String subscribe = "{\"method\":\"SUBSCRIBE\",\"params\":[\"" + stream + "\"],\"id\":1}";
            sessions.add(http.websocket().uri("ws://127.0.0.1:" + port + "/ws")
                    .handle((in, out) -> out.sendString(Mono.just(subscribe)).then()
                            .thenMany(in.receive().asString().doOnNext(FanOutBenchmark::onMessage)))
                    .subscribe(null, e -> System.err.println("client failed: " + e)));
            if (i % 100 == 99) {
                Bench.sleep(200);
            }
        }
        System.out.printf(Locale.ROOT, "%d clients on %d symbols, %d trades/s per symbol (%,d trades/s, %,d messages/s out)%n",
                clients, symbols, ratePerSymbol, symbols * ratePerSymbol, clients * ratePerSymbol);
        long connecting = System.nanoTime();
        while (registry.get("coinlens.stream.clients").gauge().value() < clients
                && System.nanoTime() - connecting < 120_000_000_000L) {
            Bench.sleep(200);
        }
        System.out.printf(Locale.ROOT, "clients connected: %.0f after %.1f s; warming up for %d s%n",
                registry.get("coinlens.stream.clients").gauge().value(), (System.nanoTime() - connecting) / 1e9, warmup);
        Bench.sleep(warmup * 1000L);

        report("healthy clients only", seconds, registry, produced, symbols);
        double heapBefore = Bench.heapAfterGcMb();
        System.out.printf(Locale.ROOT, "heap after GC before the stalled client: %.1f MB%n", heapBefore);

        String all = canonical.stream().map(s -> "\"" + s.toLowerCase(Locale.ROOT) + "@trade\"")
                .collect(Collectors.joining(","));
        long stallStart = System.nanoTime();
        try (RawWebSocket stalled = RawWebSocket.connect(port, "/ws", 4096)) {
            stalled.sendText("{\"method\":\"SUBSCRIBE\",\"params\":[" + all + "],\"id\":1}");
            System.out.printf(Locale.ROOT, "stalled client subscribed to all %d streams (%,d messages/s) and never reads%n",
                    symbols, symbols * ratePerSymbol);
            RECEIVED.set(0);
            resetLatency();
            measuring = true;
            long sentBefore = (long) Bench.counter(registry, "coinlens.stream.messages.sent");
            long producedBefore = produced.get();
            double dropped = 0;
            double midHeap = -1;
            while (dropped == 0 && System.nanoTime() - stallStart < stallLimit * 1_000_000_000L) {
                Bench.sleep(500);
                dropped = Bench.counter(registry, "coinlens.stream.clients.dropped", "reason", "too-slow");
                if (midHeap < 0 && System.nanoTime() - stallStart > 5_000_000_000L) {
                    measuring = false;
                    midHeap = Bench.heapAfterGcMb();
                    measuring = true;
                }
            }
            double stalledFor = (System.nanoTime() - stallStart) / 1e9;
            measuring = false;
            System.out.printf(Locale.ROOT, "coinlens_stream_clients_dropped_total{reason=\"too-slow\"} = %.0f after %.1f s%n",
                    dropped, stalledFor);
            System.out.printf(Locale.ROOT, "heap after GC 5 s into the stall: %.1f MB%n", midHeap);
            printLatency("healthy clients while the stalled one was connected", RECEIVED.get(),
                    (produced.get() - producedBefore) * (long) clients / symbols, stalledFor);
            System.out.printf(Locale.ROOT, "messages sent meanwhile: %,d%n",
                    (long) Bench.counter(registry, "coinlens.stream.messages.sent") - sentBefore);
            Bench.sleep(10_000);
            System.out.printf(Locale.ROOT, "heap after GC 10 s after the drop: %.1f MB%n", Bench.heapAfterGcMb());
            stalled.close();
        }
        report("healthy clients after the drop", Math.min(seconds, 15), registry, produced, symbols);

        load.shutdownNow();
        sessions.forEach(Disposable::dispose);
        producer.close();
        service.close();
        System.exit(0);
    }

    private static void report(String phase, int seconds, MeterRegistry registry, AtomicLong produced, int symbols) {
        RECEIVED.set(0);
        resetLatency();
        long producedBefore = produced.get();
        long clients = (long) registry.get("coinlens.stream.clients").gauge().value();
        long start = System.nanoTime();
        measuring = true;
        Bench.sleep(seconds * 1000L);
        measuring = false;
        double window = (System.nanoTime() - start) / 1e9;
        printLatency(phase, RECEIVED.get(), (produced.get() - producedBefore) * clients / symbols, window);
    }

    private static void onMessage(String text) {
        if (!measuring) {
            return;
        }
        int at = text.indexOf("\"receivedAt\":");
        if (at < 0) {
            return;
        }
        long stamped = 0;
        for (int i = at + 13; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            stamped = stamped * 10 + (text.charAt(i) - '0');
        }
        long micros = System.currentTimeMillis() * 1000 - stamped * 1000;
        LATENCY.incrementAndGet((int) Math.min(LATENCY.length() - 1, Math.max(0, micros / 100)));
        RECEIVED.incrementAndGet();
    }

    private static void resetLatency() {
        for (int i = 0; i < LATENCY.length(); i++) {
            LATENCY.set(i, 0);
        }
    }

    private static void printLatency(String phase, long received, long expected, double seconds) {
        long total = 0;
        for (int i = 0; i < LATENCY.length(); i++) {
            total += LATENCY.get(i);
        }
        System.out.printf(Locale.ROOT, "%s, %.1f s: %,d messages received (%,.0f/s; ~%,d expected), "
                        + "Kafka timestamp → client: p50 %s, p99 %s, p99.9 %s, max %s%n", phase, seconds, received,
                received / seconds, expected, quantile(total, 0.50), quantile(total, 0.99), quantile(total, 0.999),
                quantile(total, 1.0));
    }

    private static String quantile(long total, double q) {
        long rank = Math.max(1, (long) Math.ceil(total * q));
        long seen = 0;
        for (int i = 0; i < LATENCY.length(); i++) {
            seen += LATENCY.get(i);
            if (seen >= rank) {
                return String.format(Locale.ROOT, "%.1f ms", i / 10.0);
            }
        }
        return "n/a";
    }
}
