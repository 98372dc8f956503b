package io.coinlens.simulator.binance;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.impl.SpotClientImpl;
import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import com.binance.connector.client.impl.spot.Market;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The real binance-connector-java, pointed at the simulator, cannot tell it from Binance: its streams deliver
 * gapless trades, and its REST calls backfill exactly what the stream carried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BinanceConnectorIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private WebSocketStreamClientImpl streams;
    private Market rest;
    private final List<Integer> connections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() {
        streams = new WebSocketStreamClientImpl("ws://localhost:" + port);
        // historicalTrades is a MARKET_DATA call for this connector: it refuses to send it without an API key.
        rest = new SpotClientImpl("simulator-key", "simulator-secret", "http://localhost:" + port).createMarket();
    }

    @AfterEach
    void disconnect() {
        // Not closeAllConnections(): it shuts down the connector's shared HTTP dispatcher for the whole JVM.
        connections.forEach(streams::closeConnection);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private List<JsonNode> receive(BlockingQueue<String> queue, int count) throws InterruptedException {
        List<JsonNode> received = new ArrayList<>();
        while (received.size() < count) {
            String message = queue.poll(60, TimeUnit.SECONDS);
            assertThat(message).as("message %d of %d", received.size() + 1, count).isNotNull();
            received.add(json(message));
        }
        return received;
    }

    @Test
    void tradeStreamIsGaplessAndHistoricalTradesBackfillItExactly() throws InterruptedException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        connections.add(streams.tradeStream("BTCUSDT", queue::add));
        List<JsonNode> trades = receive(queue, 150);

        for (int i = 0; i < trades.size(); i++) {
            JsonNode t = trades.get(i);
            assertThat(t.get("e").asString()).isEqualTo("trade");
            assertThat(t.get("s").asString()).isEqualTo("BTCUSDT");
            assertThat(t.get("p").isString()).isTrue();
            assertThat(t.get("q").isString()).isTrue();
            assertThat(t.get("M").asBoolean()).isTrue();
            assertThat(t.get("T").asLong()).isLessThanOrEqualTo(t.get("E").asLong());
            if (i > 0) {
                assertThat(t.get("t").asLong()).isEqualTo(trades.get(i - 1).get("t").asLong() + 1);
            }
        }

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("symbol", "BTCUSDT");
        params.put("fromId", trades.get(0).get("t").asLong());
        params.put("limit", trades.size());
        JsonNode backfill = json(rest.historicalTrades(params));
        assertThat(backfill).hasSize(trades.size());
        for (int i = 0; i < trades.size(); i++) {
            JsonNode ws = trades.get(i);
            JsonNode history = backfill.get(i);
            assertThat(history.get("id").asLong()).isEqualTo(ws.get("t").asLong());
            assertThat(history.get("price").asString()).isEqualTo(ws.get("p").asString());
            assertThat(history.get("qty").asString()).isEqualTo(ws.get("q").asString());
            assertThat(history.get("time").asLong()).isEqualTo(ws.get("T").asLong());
            assertThat(history.get("isBuyerMaker").asBoolean()).isEqualTo(ws.get("m").asBoolean());
        }
    }

    @Test
    void aggTradeStreamAgreesWithAggTradesByIdAndByTime() throws InterruptedException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        connections.add(streams.aggTradeStream("ethusdt", queue::add));
        List<JsonNode> live = receive(queue, 60);
        assertThat(live).allSatisfy(a -> assertThat(a.get("e").asString()).isEqualTo("aggTrade"));

        Map<String, Object> byId = new LinkedHashMap<>();
        byId.put("symbol", "ETHUSDT");
        byId.put("fromId", live.get(0).get("a").asLong());
        byId.put("limit", live.size());
        JsonNode backfill = json(rest.aggTrades(byId));
        assertThat(backfill).hasSize(live.size());
        for (int i = 0; i < live.size(); i++) {
            for (String field : List.of("a", "p", "q", "f", "l", "T", "m")) {
                assertThat(backfill.get(i).get(field)).as("%s of aggregate %d", field, i).isEqualTo(live.get(i).get(field));
            }
        }

        Map<String, Object> byTime = new LinkedHashMap<>();
        byTime.put("symbol", "ETHUSDT");
        byTime.put("startTime", live.get(0).get("T").asLong());
        byTime.put("endTime", live.get(live.size() - 1).get("T").asLong());
        byTime.put("limit", 1000);
        Set<Long> ids = new java.util.HashSet<>();
        json(rest.aggTrades(byTime)).forEach(a -> ids.add(a.get("a").asLong()));
        assertThat(ids).containsAll(live.stream().map(a -> a.get("a").asLong()).toList());
    }

    @Test
    void combinedStreamsWrapEveryEventInItsStreamName() {
        List<String> names = List.of("btcusdt@aggTrade", "ethusdt@trade", "btcusdt@kline_1m", "!miniTicker@arr");
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        connections.add(streams.combineStreams(new ArrayList<>(names), m -> received.add(json(m))));
        await().atMost(Duration.ofSeconds(60)).until(() -> received.stream().map(m -> m.get("stream").asString())
                .collect(Collectors.toSet()).containsAll(names));
        for (JsonNode message : received) {
            assertThat(message.propertyNames()).containsExactly("stream", "data");
            JsonNode data = message.get("data");
            switch (message.get("stream").asString()) {
                case "btcusdt@aggTrade" -> assertThat(data.get("e").asString()).isEqualTo("aggTrade");
                case "ethusdt@trade" -> assertThat(data.get("s").asString()).isEqualTo("ETHUSDT");
                case "btcusdt@kline_1m" -> {
                    assertThat(data.get("e").asString()).isEqualTo("kline");
                    assertThat(data.get("k").propertyNames()).containsExactly("t", "T", "s", "i", "f", "L", "o", "c",
                            "h", "l", "v", "n", "x", "q", "V", "Q", "B");
                    assertThat(data.get("k").get("i").asString()).isEqualTo("1m");
                }
                case "!miniTicker@arr" -> {
                    assertThat(data.isArray()).isTrue();
                    assertThat(data.get(0).propertyNames()).containsExactly("e", "E", "s", "c", "o", "h", "l", "v", "q");
                }
                default -> throw new AssertionError("unexpected stream " + message);
            }
        }
    }

    @Test
    void restKlinesAreMadeOfExactlyTheTradesInThem() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("symbol", "BTCUSDT");
        params.put("interval", "1m");
        params.put("limit", 3);
        JsonNode klines = json(rest.klines(params));
        assertThat(klines).hasSize(3);
        // The first of the last three is closed and, with the warm-up, complete.
        JsonNode kline = klines.get(0);
        assertThat(kline).hasSize(12);
        long openTime = kline.get(0).asLong();
        long closeTime = kline.get(6).asLong();
        assertThat(closeTime).isEqualTo(openTime + 59_999);

        List<JsonNode> trades = new ArrayList<>();
        Long fromId = null;
        while (true) {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("symbol", "BTCUSDT");
            page.put("startTime", openTime);
            page.put("endTime", closeTime);
            if (fromId != null) {
                page.put("fromId", fromId);
            }
            page.put("limit", 1000);
            JsonNode rows = json(rest.aggTrades(page));
            rows.forEach(trades::add);
            if (rows.size() < 1000) {
                break;
            }
            fromId = rows.get(rows.size() - 1).get("a").asLong() + 1;
        }
        assertThat(trades).hasSize(kline.get(8).asInt());
        // Open and close by trade time: a late trade (a fault another test may set off) has a newer id, older time.
        trades.sort(java.util.Comparator.comparingLong((JsonNode t) -> t.get("T").asLong())
                .thenComparingLong(t -> t.get("a").asLong()));
        BigDecimal high = new BigDecimal(trades.get(0).get("p").asString());
        BigDecimal low = high;
        BigDecimal volume = BigDecimal.ZERO;
        for (JsonNode t : trades) {
            BigDecimal price = new BigDecimal(t.get("p").asString());
            high = high.max(price);
            low = low.min(price);
            volume = volume.add(new BigDecimal(t.get("q").asString()));
        }
        assertThat(new BigDecimal(kline.get(1).asString())).isEqualByComparingTo(trades.get(0).get("p").asString());
        assertThat(new BigDecimal(kline.get(2).asString())).isEqualByComparingTo(high);
        assertThat(new BigDecimal(kline.get(3).asString())).isEqualByComparingTo(low);
        assertThat(new BigDecimal(kline.get(4).asString()))
                .isEqualByComparingTo(trades.get(trades.size() - 1).get("p").asString());
        assertThat(new BigDecimal(kline.get(5).asString())).isEqualByComparingTo(volume);
    }

    @Test
    void answersPingTimeExchangeInfoAndTickersLikeBinance() {
        assertThat(rest.ping()).isEqualTo("{}");
        long serverTime = json(rest.time()).get("serverTime").asLong();
        assertThat(serverTime).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));

        JsonNode info = json(rest.exchangeInfo(new LinkedHashMap<>()));
        assertThat(info.get("rateLimits").get(0).get("limit").asInt()).isEqualTo(6000);
        List<String> symbols = new ArrayList<>();
        info.get("symbols").forEach(s -> symbols.add(s.get("symbol").asString()));
        assertThat(symbols).containsExactly("BTCUSDT", "ETHUSDT");
        JsonNode btc = info.get("symbols").get(0);
        assertThat(btc.get("status").asString()).isEqualTo("TRADING");
        assertThat(btc.get("baseAsset").asString()).isEqualTo("BTC");
        assertThat(btc.get("quoteAsset").asString()).isEqualTo("USDT");
        assertThat(btc.get("filters").get(0).get("tickSize").asString()).isEqualTo("0.01000000");
        assertThat(btc.get("filters").get(1).get("stepSize").asString()).isEqualTo("0.00000001");

        Map<String, Object> one = new LinkedHashMap<>();
        one.put("symbol", "BTCUSDT");
        JsonNode ticker = json(rest.ticker24H(one));
        assertThat(ticker.get("symbol").asString()).isEqualTo("BTCUSDT");
        assertThat(ticker.get("count").asLong()).isPositive();
        assertThat(new BigDecimal(ticker.get("lastPrice").asString()))
                .isBetween(new BigDecimal(ticker.get("lowPrice").asString()), new BigDecimal(ticker.get("highPrice").asString()));

        Map<String, Object> both = new LinkedHashMap<>();
        both.put("symbols", new ArrayList<>(List.of("ETHUSDT", "BTCUSDT")));
        JsonNode tickers = json(rest.ticker24H(both));
        assertThat(tickers).hasSize(2);
        assertThat(tickers.get(0).get("symbol").asString()).isEqualTo("ETHUSDT");
    }

    @Test
    void reportsTheUsedWeightOnEveryAnswer() {
        SpotClientImpl client = new SpotClientImpl("http://localhost:" + port);
        client.setShowLimitUsage(true);
        JsonNode answer = json(client.createMarket().ping());
        assertThat(answer.get("x-mbx-used-weight-1m").asInt()).isPositive();
        assertThat(answer.get("data").asString()).isEqualTo("{}");
    }

    @Test
    void rejectsBadParametersWithBinanceErrorCodes() {
        assertBinanceError(Map.of("symbol", "NOPEUSDT", "interval", "1m"), 400, -1121, "Invalid symbol.");
        assertBinanceError(Map.of("symbol", "BTCUSDT", "interval", "2m"), 400, -1120, "Invalid interval.");
        assertBinanceError(Map.of("symbol", "BTCUSDT", "interval", "1m", "limit", 5000), 400, -1130,
                "Data sent for parameter 'limit' is not valid.");
        assertBinanceError(Map.of("symbol", "BTCUSDT", "interval", "1m", "startTime", "yesterday"), 400, -1100,
                "Illegal characters found in parameter 'startTime'; legal range is '^[0-9]{1,20}$'.");
        assertBinanceError(Map.of("symbol", "BTCUSDT", "interval", "1m", "startTime", 20, "endTime", 10), 400, -1023,
                "Start time is greater than end time.");
    }

    private void assertBinanceError(Map<String, Object> params, int status, int code, String message) {
        assertThatThrownBy(() -> rest.klines(new LinkedHashMap<>(params)))
                .isInstanceOfSatisfying(BinanceClientException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(status);
                    assertThat(e.getErrorCode()).isEqualTo(code);
                    assertThat(e.getErrMsg()).isEqualTo(message);
                });
    }
}
