package io.coinlens.simulator.binance;

import io.coinlens.simulator.WsProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Binance's control messages, error frames and every fault, seen from a bare WebSocket client. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class BinanceStreamIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Predicate<String> BTC_TRADE = f -> f.startsWith("{\"e\":\"trade\"") && f.contains("\"s\":\"BTCUSDT\"");

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient web;

    private WsProbe open(String path) {
        return WsProbe.open(URI.create("ws://localhost:" + port + path));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static long id(String tradeFrame) {
        return json(tradeFrame).get("t").asLong();
    }

    private long applied(String kind) {
        byte[] body = web.get().uri("/sim/faults").exchange().expectStatus().isOk().expectBody().returnResult()
                .getResponseBody();
        return json(new String(body)).get("applied").get(kind).asLong();
    }

    @Test
    void subscribesListsAndUnsubscribesOnALiveSocket() {
        try (WsProbe ws = open("/ws")) {
            ws.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1}");
            assertThat(ws.next(f -> f.contains("\"id\":1"), WAIT)).isEqualTo("{\"result\":null,\"id\":1}");
            assertThat(ws.next(BTC_TRADE, WAIT)).isNotNull();

            ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":2}");
            assertThat(ws.next(f -> f.contains("\"id\":2"), WAIT)).isEqualTo("{\"result\":[\"btcusdt@trade\"],\"id\":2}");

            ws.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":3}");
            assertThat(ws.next(f -> f.contains("\"id\":3"), WAIT)).isEqualTo("{\"result\":null,\"id\":3}");
            ws.next(f -> false, Duration.ofMillis(500));
            assertThat(ws.next(BTC_TRADE, Duration.ofSeconds(2))).isNull();
        }
    }

    @Test
    void aConnectionSendingMoreThanFiveMessagesInASecondIsCut() {
        try (WsProbe ws = open("/ws")) {
            for (int id = 1; id <= 6; id++) {
                ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + id + "}");
            }
            assertThat(ws.awaitClosed(WAIT)).isTrue();
            assertThat(ws.drain()).filteredOn(f -> f.startsWith("{\"result\"")).hasSizeLessThanOrEqualTo(5);
        }
        try (WsProbe ws = open("/ws")) {
            ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}");
            assertThat(ws.next(f -> f.startsWith("{\"result\""), WAIT)).isEqualTo("{\"result\":[],\"id\":1}");
        }
    }

    @Test
    void answersBadRequestsWithErrorFramesAndKeepsTheConnection() {
        try (WsProbe ws = open("/ws/btcusdt@trade")) {
            ws.send("{\"method\":\"SUBSCRIBE\",");
            String invalidJson = ws.next(f -> f.contains("\"error\""), WAIT);
            assertThat(json(invalidJson).get("error").get("code").asInt()).isEqualTo(3);
            assertThat(json(invalidJson).get("id").isNull()).isTrue();

            ws.send("{\"method\":\"PUBLISH\",\"params\":[],\"id\":7}");
            String unknown = ws.next(f -> f.contains("\"error\""), WAIT);
            assertThat(json(unknown).get("error").get("code").asInt()).isEqualTo(2);
            assertThat(json(unknown).get("error").get("msg").asString()).startsWith("Invalid request: unknown variant `PUBLISH`");
            assertThat(json(unknown).get("id").asInt()).isEqualTo(7);

            assertThat(ws.next(BTC_TRADE, WAIT)).isNotNull();
        }
    }

    @Test
    void setPropertyCombinedWrapsTheFollowingEvents() {
        try (WsProbe ws = open("/ws/ethusdt@aggTrade")) {
            assertThat(ws.next(f -> f.startsWith("{\"e\":\"aggTrade\""), WAIT)).isNotNull();
            ws.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":5}");
            assertThat(ws.next(f -> f.contains("\"id\":5"), WAIT)).isEqualTo("{\"result\":null,\"id\":5}");
            String wrapped = ws.next(f -> f.startsWith("{\"stream\":"), WAIT);
            assertThat(json(wrapped).get("stream").asString()).isEqualTo("ethusdt@aggTrade");
            assertThat(json(wrapped).get("data").get("e").asString()).isEqualTo("aggTrade");
        }
    }

    @Test
    void duplicateFaultSendsTradesTwice() {
        long before = applied("duplicate");
        try (WsProbe ws = open("/ws/btcusdt@trade")) {
            assertThat(ws.next(BTC_TRADE, WAIT)).isNotNull();
            web.post().uri("/sim/faults/duplicate?count=3&symbol=BTCUSDT").exchange().expectStatus().isAccepted();
            List<Long> ids = ws.collect(BTC_TRADE, 200, WAIT).stream().map(BinanceStreamIntegrationTests::id).toList();
            int repeats = 0;
            for (int i = 1; i < ids.size(); i++) {
                if (ids.get(i).equals(ids.get(i - 1))) {
                    repeats++;
                }
            }
            assertThat(repeats).isEqualTo(3);
        }
        assertThat(applied("duplicate")).isGreaterThanOrEqualTo(before + 3);
    }

    @Test
    void reorderFaultSendsATradeAfterItsSuccessor() {
        try (WsProbe ws = open("/ws/btcusdt@trade")) {
            assertThat(ws.next(BTC_TRADE, WAIT)).isNotNull();
            web.post().uri("/sim/faults/reorder?count=1&symbol=BTCUSDT").exchange().expectStatus().isAccepted();
            List<Long> ids = ws.collect(BTC_TRADE, 200, WAIT).stream().map(BinanceStreamIntegrationTests::id).toList();
            List<Integer> backwards = new ArrayList<>();
            for (int i = 1; i < ids.size(); i++) {
                if (ids.get(i) < ids.get(i - 1)) {
                    backwards.add(i);
                }
            }
            assertThat(backwards).isNotEmpty();
            int at = backwards.get(0);
            assertThat(ids.get(at)).isEqualTo(ids.get(at - 1) - 1);
        }
    }

    @Test
    void lateFaultSendsATradeStampedInThePast() {
        try (WsProbe ws = open("/ws/btcusdt@trade")) {
            assertThat(ws.next(BTC_TRADE, WAIT)).isNotNull();
            byte[] body = web.post().uri("/sim/faults/late?seconds=30&symbol=BTCUSDT").exchange()
                    .expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
            long lateId = json(new String(body)).get("tradeId").asLong();
            String late = ws.next(f -> BTC_TRADE.test(f) && id(f) == lateId, WAIT);
            assertThat(late).isNotNull();
            JsonNode trade = json(late);
            assertThat(trade.get("E").asLong() - trade.get("T").asLong()).isGreaterThanOrEqualTo(30_000);
        }
    }

    @Test
    void malformedFaultSendsOneFrameThatIsNotJson() {
        long before = applied("malformed");
        try (WsProbe ws = open("/ws/btcusdt@trade")) {
            assertThat(ws.next(BTC_TRADE, WAIT)).isNotNull();
            web.post().uri("/sim/faults/malformed").exchange().expectStatus().isAccepted();
            String broken = ws.next(f -> !parses(f), WAIT);
            assertThat(broken).isNotNull();
            assertThat(ws.next(BTC_TRADE, WAIT)).as("the connection lives on").isNotNull();
        }
        assertThat(applied("malformed")).isEqualTo(before + 1);
    }

    @Test
    void stallFaultHoldsBackTradesThatRestStillHasAndKeepsTheConnection() {
        try (WsProbe ws = open("/ws/btcusdt@trade")) {
            String first = ws.next(BTC_TRADE, WAIT);
            assertThat(first).isNotNull();
            web.post().uri("/sim/faults/stall?seconds=2").exchange().expectStatus().isAccepted();
            long previous = id(first);
            long[] gap = null;
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (gap == null && System.nanoTime() < deadline) {
                String frame = ws.next(BTC_TRADE, WAIT);
                assertThat(frame).as("trades resume after the stall").isNotNull();
                long id = id(frame);
                seen.add(id + "@" + json(frame).get("E").asLong());
                if (id > previous + 1) {
                    gap = new long[] {previous, id};
                }
                previous = id;
            }
            assertThat(gap).as("a run of trades was held back: %s", seen).isNotNull();
            byte[] body = web.get().uri("/api/v3/historicalTrades?symbol=BTCUSDT&limit=1000&fromId=" + (gap[0] + 1))
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
            JsonNode missed = json(new String(body));
            assertThat(missed.get(0).get("id").asLong()).isEqualTo(gap[0] + 1);
            long missedCount = gap[1] - gap[0] - 1;
            assertThat(missed.size()).isGreaterThanOrEqualTo((int) Math.min(missedCount, 1000));
        }
    }

    @Test
    void dropFaultCutsEveryConnectionAndNewOnesWork() {
        long before = applied("drop");
        try (WsProbe binance = open("/ws/btcusdt@trade"); WsProbe coinbase = open("/coinbase/ws")) {
            assertThat(binance.next(BTC_TRADE, WAIT)).isNotNull();
            // The answer comes out of the pipeline that listens to the market: once it is here, so is the listener.
            coinbase.send("{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}");
            assertThat(coinbase.next(f -> f.contains("\"channel\":\"subscriptions\""), WAIT)).isNotNull();
            web.post().uri("/sim/faults/drop").exchange().expectStatus().isAccepted()
                    .expectBody().jsonPath("$.connections").value(n -> assertThat(((Number) n).intValue()).isGreaterThanOrEqualTo(2));
            assertThat(binance.awaitClosed(WAIT)).isTrue();
            assertThat(coinbase.awaitClosed(WAIT)).isTrue();
            assertThat(binance.drain()).noneMatch(f -> f.contains("serverShutdown"));
        }
        assertThat(applied("drop")).isEqualTo(before + 1);
        try (WsProbe again = open("/ws/btcusdt@trade")) {
            assertThat(again.next(BTC_TRADE, WAIT)).isNotNull();
        }
    }

    @Test
    void faultEndpointsRefuseNonsense() {
        web.post().uri("/sim/faults/stall?seconds=0").exchange().expectStatus().isBadRequest();
        web.post().uri("/sim/faults/duplicate?count=-1").exchange().expectStatus().isBadRequest();
        web.post().uri("/sim/faults/late?symbol=NOPEUSDT").exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void restErrorsCarryBinanceBodiesAndTheWeightHeader() {
        web.get().uri("/api/v3/trades").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().exists("X-MBX-USED-WEIGHT-1M")
                .expectBody().json("{\"code\":-1102,\"msg\":\"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.\"}");
        web.get().uri("/api/v3/exchangeInfo?symbol=BTCUSDT&symbols=[\"BTCUSDT\"]").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo(-1128);
        web.get().uri("/api/v3/exchangeInfo?symbols=[\"ETHUSDT\"]").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.symbols.length()").isEqualTo(1)
                .jsonPath("$.symbols[0].symbol").isEqualTo("ETHUSDT");
    }

    @Test
    void isReadyAndExportsFaultCountsAsMetrics() {
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        web.post().uri("/sim/faults/malformed").exchange().expectStatus().isAccepted();
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body).contains("simulator_faults_total{").contains("kind=\"malformed\"")
                        .contains("application=\"exchange-simulator\""));
        web.get().uri("/sim/replay").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.feeds[0].symbol").isEqualTo("BTCUSDT")
                .jsonPath("$.feeds[0].sourceOrigin").isEqualTo("2024-06-15T00:00:00Z");
    }

    private static boolean parses(String frame) {
        try {
            JSON.readTree(frame);
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }
}
