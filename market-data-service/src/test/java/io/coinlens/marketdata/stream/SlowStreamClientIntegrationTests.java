package io.coinlens.marketdata.stream;

import io.coinlens.marketdata.TradesOnKafka;
import io.coinlens.testing.EmbeddedInfrastructure;
import io.coinlens.testing.Infrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client that stops reading is cut off once its send buffer overflows; the others on its stream never notice. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "coinlens.market-data.binance.enabled=false",
        "coinlens.market-data.coinbase.enabled=false",
        "coinlens.market-data.binance.symbols=SLOW-USDT",
        "coinlens.market-data.stream.send-buffer=64"})
@EmbeddedInfrastructure(postgres = false)
class SlowStreamClientIntegrationTests {

    static final String SUBSCRIBE = "{\"method\":\"SUBSCRIBE\",\"params\":[\"slow-usdt@trade\"],\"id\":1}";
    /** About 1 kB a message (Jackson refuses numbers over 1,000 digits), so the kernel's socket buffers (megabytes on loopback) fill after a few thousand. */
    static final BigDecimal WIDE_PRICE = new BigDecimal("1." + "0".repeat(900) + "1");
    static final int HEALTHY = 3;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Test
    void aClientThatNeverReadsIsDisconnectedAndHealthyClientsKeepReceiving() throws Exception {
        List<AtomicInteger> received = new ArrayList<>();
        List<Disposable> healthy = new ArrayList<>();
        try (TradesOnKafka kafka = new TradesOnKafka(Infrastructure.kafka().getBrokersAsString());
                RawWebSocket stalled = RawWebSocket.connect(port, "/ws", 4096)) {
            for (int i = 0; i < HEALTHY; i++) {
                AtomicInteger count = new AtomicInteger();
                received.add(count);
                healthy.add(new ReactorNettyWebSocketClient().execute(URI.create("ws://localhost:" + port + "/ws"),
                        session -> session.send(Flux.just(session.textMessage(SUBSCRIBE)))
                                .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText)
                                        .filter(text -> text.startsWith("{\"stream\":\"slow-usdt@trade\""))
                                        .doOnNext(text -> count.incrementAndGet()))
                                .then())
                        .subscribe());
            }
            stalled.sendText(SUBSCRIBE);

            // The stream feed starts at the newest offset once it has its partitions: trade until it delivers.
            long[] id = {0};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                kafka.send("SLOW-USDT", ++id[0], BigDecimal.TEN);
                kafka.flush();
                return received.stream().allMatch(c -> c.get() > 0);
            });
            assertThat(stalled.readText()).isEqualTo("{\"result\":null,\"id\":1}");
            assertThat(stalled.readText()).startsWith("{\"stream\":\"slow-usdt@trade\"");

            // Small bursts, well within a reading client's buffer, until the stalled one overflows its own.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (tooSlow() == 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < 8; i++) {
                    kafka.send("SLOW-USDT", ++id[0], WIDE_PRICE);
                }
                kafka.flush();
                Thread.sleep(5);
            }
            assertThat(tooSlow()).as("clients dropped as too slow after %d trades", id[0]).isEqualTo(1);

            int[] before = received.stream().mapToInt(AtomicInteger::get).toArray();
            for (int i = 0; i < 50; i++) {
                kafka.send("SLOW-USDT", ++id[0], BigDecimal.TEN);
                kafka.flush();
                Thread.sleep(10);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (int i = 0; i < HEALTHY; i++) {
                    assertThat(received.get(i).get() - before[i]).as("healthy client %d after the drop", i)
                            .isGreaterThanOrEqualTo(50);
                }
            });
            assertThat(tooSlow()).as("only the stalled client was dropped").isEqualTo(1);

            // Whatever is still in the socket buffers, then the end: the server has let go of the connection.
            assertThat(stalled.drainUntilClosed()).isIn(StreamSession.TOO_SLOW.getCode(), -1);
        } finally {
            healthy.forEach(Disposable::dispose);
        }
    }

    private double tooSlow() {
        Counter counter = registry.find("coinlens.stream.clients.dropped").tag("reason", "too-slow").counter();
        return counter == null ? 0 : counter.count();
    }
}
