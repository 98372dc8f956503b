package io.coinlens.portfolio.support;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.http.server.HttpServer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * analytics-service's query API as far as portfolio-service uses it: {@code GET /api/v1/candles} (filtered by
 * symbol, interval, startTime and endTime) and {@code GET /api/v1/signals?symbol=}, answering what a test put in.
 */
public final class StubAnalytics {

    /** A candle as analytics-service serves it (prices as decimal strings). */
    public record Candle(String symbol, String interval, long openTime, long closeTime, String close) {

        String json() {
            return "{\"exchange\":\"binance\",\"symbol\":\"" + symbol + "\",\"interval\":\"" + interval
                    + "\",\"openTime\":" + openTime + ",\"closeTime\":" + closeTime + ",\"open\":\"" + close
                    + "\",\"high\":\"" + close + "\",\"low\":\"" + close + "\",\"close\":\"" + close
                    + "\",\"volume\":\"1\",\"quoteVolume\":\"1\",\"trades\":1,\"closed\":true,\"revision\":1,"
                    + "\"source\":\"live\"}";
        }
    }

    private static final Map<String, List<Candle>> CANDLES = new ConcurrentHashMap<>();
    private static final Map<String, String> SIGNALS = new ConcurrentHashMap<>();
    private static final java.util.Set<String> FAILING = ConcurrentHashMap.newKeySet();
    private static DisposableServer server;

    private StubAnalytics() {
    }

    public static synchronized String baseUrl() {
        if (server == null) {
            // Its own event loop, which outlives a test context that disposes Reactor Netty's global one on closing.
            server = HttpServer.create().runOn(LoopResources.create("stub-analytics", 1, true)).host("127.0.0.1").port(0)
                    .route(routes -> routes
                            .get("/api/v1/candles", (request, response) -> {
                                var query = new io.netty.handler.codec.http.QueryStringDecoder(request.uri()).parameters();
                                String symbol = query.get("symbol").get(0);
                                if (FAILING.contains(symbol)) {
                                    return response.status(500).sendString(Mono.just("{\"status\":500}"));
                                }
                                String interval = query.get("interval").get(0);
                                long start = Long.parseLong(query.getOrDefault("startTime", List.of("0")).get(0));
                                long end = Long.parseLong(query.getOrDefault("endTime", List.of("" + Long.MAX_VALUE)).get(0));
                                String body = CANDLES.getOrDefault(symbol, List.of()).stream()
                                        .filter(c -> c.interval().equals(interval) && c.openTime() >= start && c.openTime() <= end)
                                        .map(Candle::json).collect(Collectors.joining(",", "[", "]"));
                                return response.header("Content-Type", "application/json").sendString(Mono.just(body));
                            })
                            .get("/api/v1/signals", (request, response) -> {
                                var query = new io.netty.handler.codec.http.QueryStringDecoder(request.uri()).parameters();
                                String symbol = query.get("symbol").get(0);
                                return response.header("Content-Type", "application/json")
                                        .sendString(Mono.just(SIGNALS.getOrDefault(symbol, "[]")));
                            }))
                    .bindNow();
        }
        return "http://127.0.0.1:" + server.port();
    }

    public static void candles(String symbol, List<Candle> candles) {
        CANDLES.put(symbol, List.copyOf(candles));
    }

    /** Candles of this symbol answer 500, as when analytics-service is in trouble. */
    public static void failCandles(String symbol) {
        FAILING.add(symbol);
    }

    /** The JSON array the signals route answers for this symbol. */
    public static void signals(String symbol, String json) {
        SIGNALS.put(symbol, json);
    }
}
