package io.coinlens.simulator.coinbase;

import io.coinlens.simulator.WsProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Coinbase Advanced Trade's market data channels, carrying the same trades as the Binance side. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class CoinbaseStreamIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient web;

    private WsProbe open() {
        return WsProbe.open(URI.create("ws://localhost:" + port + "/coinbase/ws"));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void marketTradesStartWithASnapshotAndCarryTheBinanceTradesInSequence() {
        try (WsProbe ws = open()) {
            ws.send("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"market_trades\"}");
            List<JsonNode> messages = ws.collect(f -> true, 60, WAIT).stream().map(CoinbaseStreamIntegrationTests::json)
                    .toList();
            assertThat(messages).hasSize(60);

            JsonNode snapshot = messages.get(0);
            assertThat(snapshot.propertyNames()).containsExactly("channel", "client_id", "timestamp", "sequence_num", "events");
            assertThat(snapshot.get("channel").asString()).isEqualTo("market_trades");
            assertThat(snapshot.get("events").get(0).get("type").asString()).isEqualTo("snapshot");
            assertThat(snapshot.get("events").get(0).get("trades")).hasSize(50);
            JsonNode subscriptions = messages.get(1);
            assertThat(subscriptions.get("channel").asString()).isEqualTo("subscriptions");
            assertThat(subscriptions.get("events").get(0).get("subscriptions").get("market_trades").get(0).asString())
                    .isEqualTo("BTC-USD");

            for (int i = 0; i < messages.size(); i++) {
                assertThat(messages.get(i).get("sequence_num").asLong()).isEqualTo(i);
                assertThat(Instant.parse(messages.get(i).get("timestamp").asString())).isNotNull();
            }

            Map<Long, JsonNode> updates = new HashMap<>();
            for (JsonNode m : messages.subList(2, messages.size())) {
                assertThat(m.get("channel").asString()).isEqualTo("market_trades");
                JsonNode event = m.get("events").get(0);
                assertThat(event.get("type").asString()).isEqualTo("update");
                for (JsonNode t : event.get("trades")) {
                    assertThat(t.propertyNames()).containsExactly("trade_id", "product_id", "price", "size", "side", "time");
                    assertThat(t.get("product_id").asString()).isEqualTo("BTC-USD");
                    assertThat(t.get("side").asString()).isIn("BUY", "SELL");
                    updates.put(Long.parseLong(t.get("trade_id").asString()), t);
                }
            }
            long first = updates.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
            byte[] body = web.get().uri("/api/v3/historicalTrades?symbol=BTCUSDT&limit=1000&fromId=" + first).exchange()
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody();
            for (JsonNode binance : json(new String(body))) {
                JsonNode coinbase = updates.get(binance.get("id").asLong());
                if (coinbase != null) {
                    assertThat(new java.math.BigDecimal(coinbase.get("price").asString()))
                            .isEqualByComparingTo(binance.get("price").asString());
                    assertThat(new java.math.BigDecimal(coinbase.get("size").asString()))
                            .isEqualByComparingTo(binance.get("qty").asString());
                    assertThat(Instant.parse(coinbase.get("time").asString()).toEpochMilli())
                            .isEqualTo(binance.get("time").asLong());
                    assertThat(coinbase.get("side").asString())
                            .isEqualTo(binance.get("isBuyerMaker").asBoolean() ? "SELL" : "BUY");
                    updates.remove(binance.get("id").asLong());
                }
            }
            assertThat(updates).as("every streamed trade is in the Binance history").isEmpty();
        }
    }

    @Test
    void heartbeatsAndTickersArrive() {
        try (WsProbe ws = open()) {
            ws.send("{\"type\":\"subscribe\",\"product_ids\":[\"ETH-USD\"],\"channel\":\"ticker\"}");
            ws.send("{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}");
            List<JsonNode> heartbeats = new ArrayList<>();
            JsonNode ticker = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((heartbeats.size() < 2 || ticker == null) && System.nanoTime() < deadline) {
                String frame = ws.next(WAIT);
                assertThat(frame).isNotNull();
                JsonNode m = json(frame);
                if (m.get("channel").asString().equals("heartbeats")) {
                    heartbeats.add(m);
                } else if (m.get("channel").asString().equals("ticker")) {
                    ticker = m;
                }
            }
            assertThat(heartbeats).hasSize(2);
            long first = heartbeats.get(0).get("events").get(0).get("heartbeat_counter").asLong();
            assertThat(heartbeats.get(1).get("events").get(0).get("heartbeat_counter").asLong()).isEqualTo(first + 1);
            assertThat(heartbeats.get(0).get("events").get(0).get("current_time").asString())
                    .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{9} \\+0000 UTC m=\\+\\d+\\.\\d{9}");
            assertThat(ticker).isNotNull();
            JsonNode t = ticker.get("events").get(0).get("tickers").get(0);
            assertThat(t.get("type").asString()).isEqualTo("ticker");
            assertThat(t.get("product_id").asString()).isEqualTo("ETH-USD");
            assertThat(new java.math.BigDecimal(t.get("price").asString()))
                    .isBetween(new java.math.BigDecimal(t.get("low_24_h").asString()),
                            new java.math.BigDecimal(t.get("high_24_h").asString()));
        }
    }

    @Test
    void refusesUnknownChannelsAndProducts() {
        try (WsProbe ws = open()) {
            ws.send("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"level3\"}");
            JsonNode error = json(ws.next(WAIT));
            assertThat(error.get("type").asString()).isEqualTo("error");
            assertThat(error.get("message").asString()).contains("level3");
            ws.send("{\"type\":\"subscribe\",\"product_ids\":[\"DOGE-USD\"],\"channel\":\"market_trades\"}");
            assertThat(json(ws.next(WAIT)).get("message").asString()).contains("DOGE-USD");
            ws.send("not json");
            assertThat(json(ws.next(WAIT)).get("type").asString()).isEqualTo("error");
        }
    }
}
