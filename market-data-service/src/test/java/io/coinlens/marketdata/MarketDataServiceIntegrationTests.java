package io.coinlens.marketdata;

import io.coinlens.contracts.EventCodec;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.simulator.ExchangeSimulatorApplication;
import io.coinlens.testing.Infrastructure;
import io.coinlens.testing.ServiceBaselineTests;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import com.binance.connector.client.impl.SpotClientImpl;
import io.coinlens.marketdata.binance.BinanceBackfill;
import io.coinlens.marketdata.binance.BinanceFrames;
import io.coinlens.marketdata.binance.RequestWeightBudget;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ingestion end to end: the real Binance connector against the simulator, into real Kafka and Redis. */
class MarketDataServiceIntegrationTests extends ServiceBaselineTests {

    /** Arguments, not default properties: this module's application.yml is on the classpath too and would win. */
    static final ConfigurableApplicationContext SIMULATOR = new SpringApplicationBuilder(ExchangeSimulatorApplication.class)
            .run("--server.port=0", "--coinlens.simulator.replay.tick=50ms", "--coinlens.simulator.replay.warmup=3m",
                    "--coinlens.simulator.replay.speed=14400", "--coinlens.simulator.replay.trades-per-candle=40",
                    "--spring.application.name=exchange-simulator",
                    "--management.endpoint.health.group.readiness.include=readinessState",
                    SimulatorInProcess.WITHOUT_SECURITY);
    static final String SIMULATOR_URL = "http://localhost:" + SIMULATOR.getEnvironment().getProperty("local.server.port");

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    BinanceFrames frames;

    static final HttpHeaders ALLOWED_ORIGIN = new HttpHeaders();

    static {
        ALLOWED_ORIGIN.setOrigin("http://localhost:3000");
    }

    @DynamicPropertySource
    static void pointAtTheSimulator(DynamicPropertyRegistry registry) {
        registry.add("coinlens.market-data.binance.stream-url", () -> SIMULATOR_URL.replace("http:", "ws:"));
        registry.add("coinlens.market-data.binance.rest-url", () -> SIMULATOR_URL);
        registry.add("coinlens.market-data.binance.api-key", () -> "test-key");
        registry.add("coinlens.market-data.binance.reconnect-initial-backoff", () -> "100ms");
        registry.add("coinlens.market-data.coinbase.url", () -> SIMULATOR_URL.replace("http:", "ws:") + "/coinbase/ws");
        registry.add("coinlens.market-data.coinbase.reconnect-initial-backoff", () -> "100ms");
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Override
    protected String ownedSchema() {
        return null;
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("kafka", "redis", "ingestion");
    }

    @Override
    protected List<String> documentedPaths() {
        return List.of("/api/v1/market/symbols", "/api/v1/market/ticker", "/api/v1/market/ticker/24hr");
    }

    @Test
    void everySourceTradeReachesKafkaExactlyOnceThroughDisconnectsAndDuplicates() {
        WebClient simulator = WebClient.create(SIMULATOR_URL);
        try (KafkaConsumer<String, byte[]> consumer = trades()) {
            List<TradeRecorded> seen = new ArrayList<>();
            poll(consumer, seen, Duration.ofSeconds(3));
            for (String fault : List.of("drop", "duplicate?count=5", "drop", "reorder?count=2", "stall?seconds=2", "drop")) {
                simulator.post().uri("/sim/faults/" + fault).retrieve().toBodilessEntity().block(Duration.ofSeconds(5));
                poll(consumer, seen, Duration.ofSeconds(3));
            }
            poll(consumer, seen, Duration.ofSeconds(5));

            List<Long> btc = seen.stream().filter(t -> t.symbol().equals("BTC-USDT")).map(TradeRecorded::tradeId).toList();
            assertThat(btc).hasSizeGreaterThan(50);
            assertThat(btc).as("no trade twice").doesNotHaveDuplicates();
            long first = btc.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = btc.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(btc).as("every trade id from %d to %d", first, last).hasSize((int) (last - first + 1));
        }
        web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).value(metrics -> assertThat(metrics)
                .contains("coinlens_ingest_reconnects_total")
                .contains("coinlens_ingest_duplicates_total")
                .contains("coinlens_ingest_freshness_seconds"));
    }

    /**
     * A backfill page through the real connector with its limit usage on (the answer wraps the body): the trades are
     * read, and the shared budget takes on the exchange's own count of this address's weight, which also holds what
     * this test spent without asking the budget.
     */
    @Test
    void aBackfillPageIsReadAndTheExchangesWeightCountReachesTheSharedBudget() {
        SpotClientImpl client = new SpotClientImpl("test-key", "unused-no-signed-endpoints", SIMULATOR_URL);
        client.setShowLimitUsage(true);
        RequestWeightBudget budget = new RequestWeightBudget(redis, 5000, Clock.systemUTC());
        BinanceBackfill backfill = new BinanceBackfill(client, frames, budget, Clock.systemUTC());
        WebClient simulator = WebClient.create(SIMULATOR_URL);
        for (int attempt = 0; ; attempt++) {
            long minute = System.currentTimeMillis() / 60_000;
            // Spent outside the budget, as another client behind the same address would.
            String usedBefore = simulator.get().uri("/api/v3/exchangeInfo").retrieve().toBodilessEntity()
                    .block(Duration.ofSeconds(5)).getHeaders().getFirst("X-MBX-USED-WEIGHT-1M");
            List<TradeRecorded> page = backfill.fetch("BTC-USDT", 1, 5);
            String counted = redis.opsForValue().get("md:binance:weight:" + minute).block(Duration.ofSeconds(2));
            if (System.currentTimeMillis() / 60_000 != minute && attempt < 2) {
                continue; // a new minute began in between: both counts started again
            }
            assertThat(page).hasSize(5).allSatisfy(t -> assertThat(t.symbol()).isEqualTo("BTC-USDT"));
            assertThat(page.get(4).tradeId() - page.get(0).tradeId()).isEqualTo(4);
            assertThat(Long.parseLong(counted)).isGreaterThanOrEqualTo(Long.parseLong(usedBefore) + 25);
            return;
        }
    }

    @Test
    void coinbaseTradesReachKafkaInOrderWithoutDuplicatesThroughAMalformedFrame() {
        try (KafkaConsumer<String, byte[]> consumer = trades()) {
            // Only what arrives from now on: earlier faults (stalls) may have lost Coinbase trades for good.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return !consumer.assignment().isEmpty();
            });
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            List<TradeRecorded> seen = new ArrayList<>();
            poll(consumer, seen, Duration.ofSeconds(2));
            WebClient.create(SIMULATOR_URL).post().uri("/sim/faults/malformed").retrieve().toBodilessEntity()
                    .block(Duration.ofSeconds(5));
            poll(consumer, seen, Duration.ofSeconds(4));

            for (String product : List.of("BTC-USD", "ETH-USD")) {
                List<Long> ids = seen.stream()
                        .filter(t -> t.exchange().equals("coinbase") && t.symbol().equals(product))
                        .map(TradeRecorded::tradeId).toList();
                assertThat(ids).as(product).hasSizeGreaterThan(20).doesNotHaveDuplicates().isSorted();
                assertThat(ids.get(ids.size() - 1) - ids.get(0) + 1).as("%s: consecutive ids", product)
                        .isEqualTo(ids.size());
            }
        }
        web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).value(metrics -> assertThat(
                metrics.lines().filter(l -> l.startsWith("coinlens_ingest_malformed_frames_total")
                        && l.contains("exchange=\"coinbase\""))).isNotEmpty());
        web.get().uri("/api/v1/market/ticker?symbol=BTC-USD").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.exchange").isEqualTo("coinbase");
    }

    @Test
    void readinessShowsThatThisReplicaRunsEveryShardWithoutLeaderElection() {
        web.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.ingestion.details.mode").isEqualTo("local")
                .jsonPath("$.components.ingestion.details.leading").isEqualTo(List.of("0", "coinbase"));
    }

    @Test
    void tickerAnswersWithTheLatestTradePriceAndBadSymbolsAreProblems() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get()
                .uri("/api/v1/market/ticker?symbol=BTC-USDT").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.price").isNotEmpty().jsonPath("$.stale").isEqualTo(false));
        web.get().uri("/api/v1/market/ticker?symbol=btc").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.parameter").isEqualTo("symbol");
        web.get().uri("/api/v1/market/ticker?symbol=DOGE-USDT").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json");
        web.get().uri("/api/v1/market/symbols").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].symbol").isEqualTo("BTC-USDT").jsonPath("$[0].exchangeSymbol").isEqualTo("BTCUSDT");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/market/ticker/24hr?symbol=BTC-USDT")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$[0].high").isNotEmpty());
    }

    @Test
    void streamClientGetsLiveTradesWithSequenceNumbersAndErrorFramesKeepTheConnectionUsable() {
        List<String> frames = new CopyOnWriteArrayList<>();
        Sinks.Many<String> requests = Sinks.many().unicast().onBackpressureBuffer();
        Disposable connection = new ReactorNettyWebSocketClient()
                .execute(URI.create("ws://localhost:" + port + "/ws"), ALLOWED_ORIGIN, session -> session
                        .send(requests.asFlux().map(session::textMessage))
                        .and(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(frames::add)))
                .subscribe();
        try {
            requests.tryEmitNext("{\"method\":\"SUBSCRIBE\",\"params\":[\"btc-usdt@trade\"],\"id\":1}");
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.stream().filter(f -> f.contains("\"stream\":\"btc-usdt@trade\"")).count() >= 3);
            assertThat(frames).contains("{\"result\":null,\"id\":1}");
            List<String> trades = frames.stream().filter(f -> f.startsWith("{\"stream\":\"btc-usdt@trade\"")).toList();
            assertThat(trades.get(0)).contains("\"seq\":1,").contains("\"symbol\":\"BTC-USDT\"");
            assertThat(trades.get(1)).contains("\"seq\":2,");

            requests.tryEmitNext("{not json");
            requests.tryEmitNext("{\"method\":\"SUBSCRIBE\",\"params\":[\"doge-usdt@trade\"],\"id\":2}");
            requests.tryEmitNext("{\"method\":\"SUBSCRIBE\",\"params\":[\"alerts\"],\"id\":3}");
            requests.tryEmitNext("{\"method\":\"DANCE\",\"id\":4}");
            // Control messages are limited to five a second.
            await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
            requests.tryEmitNext("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":5}");
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.contains("{\"result\":[\"btc-usdt@trade\"],\"id\":5}"));
            assertThat(frames).anyMatch(f -> f.startsWith("{\"error\":{\"code\":3,") && f.endsWith("\"id\":null}"));
            assertThat(frames).anyMatch(f -> f.startsWith("{\"error\":{\"code\":1,\"msg\":\"invalid stream 'doge-usdt@trade'") && f.endsWith("\"id\":2}"));
            assertThat(frames).anyMatch(f -> f.startsWith("{\"error\":{\"code\":5,") && f.endsWith("\"id\":3}"));
            assertThat(frames).anyMatch(f -> f.contains("unknown method 'DANCE'") && f.endsWith("\"id\":4}"));
        } finally {
            connection.dispose();
        }
    }

    @Test
    void aClientFloodingControlMessagesIsDisconnected() {
        List<String> frames = new CopyOnWriteArrayList<>();
        Flux<String> flood = Flux.range(0, 50).map(i -> "{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
        new ReactorNettyWebSocketClient()
                .execute(URI.create("ws://localhost:" + port + "/ws"), ALLOWED_ORIGIN, session -> session
                        .send(flood.map(session::textMessage))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(frames::add))
                        .then())
                .block(Duration.ofSeconds(20));
        assertThat(frames).anyMatch(f -> f.startsWith("{\"error\":{\"code\":4,"));
        assertThat(frames.size()).isLessThan(50);
    }

    @Test
    void aPageFromAnOriginNotOnTheAllowListCannotConnect() {
        HttpHeaders foreign = new HttpHeaders();
        foreign.setOrigin("https://evil.example");
        List<CloseStatus> statuses = new CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient()
                .execute(URI.create("ws://localhost:" + port + "/ws"), foreign,
                        session -> session.closeStatus().doOnNext(statuses::add).then())
                .block(Duration.ofSeconds(10));
        assertThat(statuses).containsExactly(CloseStatus.POLICY_VIOLATION.withReason("origin not allowed"));
    }

    private static KafkaConsumer<String, byte[]> trades() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafka().getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of("market.trades.v1"));
        return consumer;
    }

    private static void poll(KafkaConsumer<String, byte[]> consumer, List<TradeRecorded> into, Duration duration) {
        EventCodec codec = new EventCodec();
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(200))
                    .forEach(r -> into.add(codec.decode(r.value(), TradeRecorded.class).orElseThrow()));
        }
    }
}
