package io.coinlens.marketdata.bench;

import io.coinlens.contracts.Topic;
import io.coinlens.simulator.ExchangeSimulatorApplication;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.Trade;
import io.coinlens.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Ingestion throughput: the exchange simulator in load mode → market-data-service (Binance connector, sequencer,
 * publisher) → Kafka, all in this JVM on embedded Kafka and Redis. Prints trades/s made by the simulator, counted
 * by the service ({@code coinlens_ingest_trades_total}) and written to {@code market.trades.v1}, plus CPU per thread.
 * Options as system properties: symbols (100), rate (60000), warmup (15 s), seconds (30), streamsPerConnection (1024).
 */
public final class IngestionBenchmark {

    public static void main(String[] args) throws Exception {
        int symbols = Integer.getInteger("symbols", 100);
        int rate = Integer.getInteger("rate", 60_000);
        int warmup = Integer.getInteger("warmup", 15);
        int seconds = Integer.getInteger("seconds", 30);
        int streamsPerConnection = Integer.getInteger("streamsPerConnection", 1024);

        String bootstrap = Infrastructure.kafka().getBrokersAsString();
        ConfigurableApplicationContext simulator = new SpringApplicationBuilder(ExchangeSimulatorApplication.class).run(
                "--server.port=0", "--spring.application.name=exchange-simulator",
                "--management.endpoint.health.group.readiness.include=readinessState",
                "--coinlens.simulator.load.symbols=" + symbols, "--coinlens.simulator.load.rate=" + rate,
                // History only serves backfill; keep it small so the simulator's heap stays out of the picture.
                "--coinlens.simulator.history.max-trades=20000",
                "--logging.structured.format.console=", "--logging.level.root=warn",
                io.coinlens.marketdata.SimulatorInProcess.WITHOUT_SECURITY);
        String simulatorPort = simulator.getEnvironment().getProperty("local.server.port");
        List<String> natives = IntStream.rangeClosed(1, symbols).mapToObj(i -> String.format("SYN%04dUSDT", i)).toList();
        String canonical = IntStream.rangeClosed(1, symbols).mapToObj(i -> String.format("SYN%04d-USDT", i))
                .collect(Collectors.joining(","));
        ConfigurableApplicationContext service = Bench.startService(
                "--coinlens.market-data.binance.stream-url=ws://localhost:" + simulatorPort,
                "--coinlens.market-data.binance.rest-url=http://localhost:" + simulatorPort,
                "--coinlens.market-data.binance.api-key=bench",
                "--coinlens.market-data.binance.symbols=" + canonical,
                "--coinlens.market-data.binance.streams-per-connection=" + streamsPerConnection,
                "--coinlens.market-data.coinbase.enabled=false");
        Market market = simulator.getBean(Market.class);
        MeterRegistry registry = service.getBean(MeterRegistry.class);

        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            System.out.printf(Locale.ROOT, "simulator: %d symbols at %d trades/s; service: %d streams per connection%n",
                    symbols, rate, streamsPerConnection);
            System.out.printf("warming up for %d s%n", warmup);
            Bench.sleep(warmup * 1000L);

            long t0 = System.nanoTime();
            long made0 = made(market, natives);
            double ingested0 = Bench.counter(registry, "coinlens.ingest.trades");
            long kafka0 = endOffsets(admin);
            Map<Long, long[]> cpu0 = Bench.threadCpu();
            long made = made0;
            double ingested = ingested0;
            long kafka = kafka0;
            long last = t0;
            for (int elapsed = 5; elapsed <= seconds; elapsed += 5) {
                Bench.sleep(Math.max(0, t0 / 1_000_000 + elapsed * 1000L - System.nanoTime() / 1_000_000));
                long now = System.nanoTime();
                long madeNow = made(market, natives);
                double ingestedNow = Bench.counter(registry, "coinlens.ingest.trades");
                long kafkaNow = endOffsets(admin);
                double dt = (now - last) / 1e9;
                System.out.printf(Locale.ROOT, "t=%3ds  made %,9.0f/s  ingested %,9.0f/s  in Kafka %,9.0f/s%n", elapsed,
                        (madeNow - made) / dt, (ingestedNow - ingested) / dt, (kafkaNow - kafka) / dt);
                made = madeNow;
                ingested = ingestedNow;
                kafka = kafkaNow;
                last = now;
            }
            double window = (last - t0) / 1e9;
            Map<Long, long[]> cpu1 = Bench.threadCpu();
            System.out.printf(Locale.ROOT, "%nover %.1f s: made %,.0f/s, ingested %,.0f/s, written to Kafka %,.0f/s%n",
                    window, (made - made0) / window, (ingested - ingested0) / window, (kafka - kafka0) / window);
            for (String metric : List.of("coinlens.ingest.gaps", "coinlens.ingest.backfilled", "coinlens.ingest.lost",
                    "coinlens.ingest.duplicates", "coinlens.ingest.reconnects", "coinlens.ingest.malformed.frames",
                    "coinlens.ingest.publish.failures")) {
                System.out.printf(Locale.ROOT, "  %-36s %,.0f%n", metric, Bench.counter(registry, metric));
            }
            System.out.println("CPU by thread group over the window (2 cores = 2.00):");
            System.out.println(Bench.cpuProfile(cpu0, cpu1, window, 14));
        }
        service.close();
        simulator.close();
        System.exit(0);
    }

    /** Trades made so far: ids start at 1 and go up by one per symbol. */
    private static long made(Market market, List<String> symbols) {
        return symbols.stream().mapToLong(s -> market.lastTrade(s).map(Trade::id).orElse(0L)).sum();
    }

    private static long endOffsets(AdminClient admin) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(List.of(Topic.TRADES.topicName())).allTopicNames().get()
                .get(Topic.TRADES.topicName()).partitions()
                .forEach(p -> partitions.add(new TopicPartition(Topic.TRADES.topicName(), p.partition())));
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
}
