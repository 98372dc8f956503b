package io.coinlens.marketdata.bench;

import io.coinlens.contracts.EventCodec;
import io.coinlens.marketdata.binance.BinanceFrames;
import io.coinlens.marketdata.ingest.IngestionMetrics;
import io.coinlens.marketdata.ingest.TradePublisher;
import io.coinlens.marketdata.ingest.TradeSequencer;
import io.coinlens.marketdata.ticker.TickerStore;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The service's own ingest path without an exchange in front: Binance combined-stream frames, made up on one thread,
 * through the same code as a connection's callback ({@link BinanceFrames#parse}, {@link TradeSequencer},
 * {@link TradePublisher} with the service's producer settings) into the embedded Kafka. Prints trades/s for parsing
 * alone and for the whole path. Options as system properties: symbols (100), warmup (10 s), seconds (30).
 */
public final class IngestPathBenchmark {

    public static void main(String[] args) {
        int symbols = Integer.getInteger("symbols", 100);
        int warmup = Integer.getInteger("warmup", 10);
        int seconds = Integer.getInteger("seconds", 30);
        String canonical = IntStream.rangeClosed(1, symbols).mapToObj(i -> String.format("SYN%04d-USDT", i))
                .collect(Collectors.joining(","));
        ConfigurableApplicationContext service = Bench.startService(
                "--coinlens.market-data.binance.enabled=false", "--coinlens.market-data.coinbase.enabled=false",
                "--coinlens.market-data.binance.symbols=" + canonical);
        BinanceFrames frames = service.getBean(BinanceFrames.class);
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, byte[]> template = service.getBean("tradesTemplate", KafkaTemplate.class);
        IngestionMetrics metrics = service.getBean(IngestionMetrics.class);
        TickerStore tickers = service.getBean(TickerStore.class);
        TradePublisher publisher = new TradePublisher(template, service.getBean(EventCodec.class), metrics,
                tickers::onTrade);
        TradeSequencer sequencer = new TradeSequencer(BinanceFrames.EXCHANGE, (symbol, fromId, limit) -> List.of(),
                publisher, metrics, symbol -> OptionalLong.empty(), 100_000);

        Source source = new Source(symbols);
        run("parse only", warmup, seconds, () -> frames.parse(source.next(), System.currentTimeMillis()));
        run("parse + sequence + publish to Kafka", warmup, seconds, () -> {
            BinanceFrames.Frame frame = frames.parse(source.next(), System.currentTimeMillis());
            sequencer.accept(((BinanceFrames.Trade) frame).trade());
        });
        template.flush();
        service.close();
        System.exit(0);
    }

    private static void run(String name, int warmup, int seconds, Runnable step) {
        long warmUntil = System.nanoTime() + warmup * 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            for (int i = 0; i < 1000; i++) {
                step.run();
            }
        }
        long count = 0;
        long start = System.nanoTime();
        long until = start + seconds * 1_000_000_000L;
        long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        while (System.nanoTime() < until) {
            for (int i = 0; i < 1000; i++) {
                step.run();
            }
            count += 1000;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "%-40s %,10.0f trades/s wall, %,10.0f trades per CPU-second of the thread "
                + "(%.1f µs each)%n", name, count / elapsed, count / cpu, cpu * 1e6 / count);
    }

    /** Frames as Binance sends them on a combined stream, with consecutive ids per symbol. */
    private static final class Source {
        private final String[] streams;
        private final String[] natives;
        private final long[] ids;
        private int next;

        Source(int symbols) {
            streams = new String[symbols];
            natives = new String[symbols];
            ids = new long[symbols];
            for (int i = 0; i < symbols; i++) {
                natives[i] = String.format("SYN%04dUSDT", i + 1);
                streams[i] = natives[i].toLowerCase(Locale.ROOT) + "@trade";
            }
        }

        String next() {
            int s = next++ % streams.length;
            long id = ++ids[s];
            long now = System.currentTimeMillis();
            return "{\"stream\":\"" + streams[s] + "\",\"data\":{\"e\":\"trade\",\"E\":" + now + ",\"s\":\"" + natives[s]
                    + "\",\"t\":" + id + ",\"p\":\"100.12000000\",\"q\":\"0.51200000\",\"T\":" + now
                    + ",\"m\":" + (id % 2 == 0) + ",\"M\":true}}";
        }
    }
}
