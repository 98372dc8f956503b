package io.coinlens.simulator.binance;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.impl.SpotClientImpl;
import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import io.coinlens.simulator.WsProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Binance's limits, shortened: a connection lifetime of seconds, fast pings, and a small request weight budget. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "coinlens.simulator.binance.connection-lifetime=3s",
        "coinlens.simulator.binance.ping-interval=500ms",
        "coinlens.simulator.binance.weight-limit=100"})
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class ConnectionLimitsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient web;

    @Test
    void sendsServerShutdownAndClosesWhenTheLifetimeEnds() {
        try (WsProbe ws = WsProbe.open(URI.create("ws://localhost:" + port + "/stream?streams=btcusdt@trade"))) {
            assertThat(ws.next(f -> f.startsWith("{\"stream\""), WAIT)).isNotNull();
            String shutdown = ws.next(f -> f.contains("serverShutdown"), WAIT);
            assertThat(shutdown).matches("\\{\"e\":\"serverShutdown\",\"E\":\\d{13}}");
            assertThat(ws.awaitClosed(WAIT)).isTrue();
            assertThat(ws.closeStatus().getCode()).isEqualTo(1001);
            assertThat(ws.drain()).noneMatch(f -> f.startsWith("{\"stream\""));
        }
    }

    @Test
    void theRealConnectorSeesTheShutdownEventThenTheClose() {
        WebSocketStreamClientImpl client = new WebSocketStreamClientImpl("ws://localhost:" + port);
        List<String> messages = new CopyOnWriteArrayList<>();
        AtomicInteger closing = new AtomicInteger();
        int id = client.tradeStream("ethusdt", response -> { }, messages::add, (code, reason) -> closing.set(code),
                (code, reason) -> { }, (failure, response) -> { });
        try {
            await().atMost(WAIT).until(() -> closing.get() != 0);
            assertThat(closing.get()).isEqualTo(1001);
            assertThat(messages.get(messages.size() - 1)).startsWith("{\"e\":\"serverShutdown\"");
            assertThat(messages.subList(0, messages.size() - 1)).isNotEmpty()
                    .allSatisfy(m -> assertThat(m).startsWith("{\"e\":\"trade\""));
        } finally {
            client.closeConnection(id);
        }
    }

    @Test
    void pingsEveryInterval() {
        try (WsProbe ws = WsProbe.open(URI.create("ws://localhost:" + port + "/ws"))) {
            List<String> pings = ws.collect(f -> f.startsWith(WsProbe.PING), 2, WAIT);
            assertThat(pings).hasSize(2);
        }
    }

    @Test
    void answers429WithRetryAfterOnceTheWeightBudgetIsSpent() {
        EntityExchangeResult<byte[]> limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            EntityExchangeResult<byte[]> result = web.get().uri("/api/v3/exchangeInfo").exchange()
                    .expectHeader().exists(RequestWeightFilter.USED_WEIGHT)
                    .expectBody().returnResult();
            if (result.getStatus() == HttpStatus.TOO_MANY_REQUESTS) {
                limited = result;
            } else {
                assertThat(result.getStatus()).isEqualTo(HttpStatus.OK);
            }
        }
        assertThat(limited).as("a 429 within 30 requests of weight 20").isNotNull();
        assertThat(Integer.parseInt(limited.getResponseHeaders().getFirst(RequestWeightFilter.USED_WEIGHT)))
                .isGreaterThan(100);
        assertThat(Long.parseLong(limited.getResponseHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
        assertThat(JsonMapper.builder().build().readTree(limited.getResponseBody()).get("code").asInt()).isEqualTo(-1003);

        // The real connector turns it into Binance's client error (retried, in case the minute just rolled over).
        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> new SpotClientImpl("http://localhost:" + port)
                .createMarket().exchangeInfo(new LinkedHashMap<>()))
                .isInstanceOfSatisfying(BinanceClientException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(429);
                    assertThat(e.getErrorCode()).isEqualTo(-1003);
                }));
    }
}
