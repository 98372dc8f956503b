package io.coinlens.portfolio.watchlist;

import io.coinlens.portfolio.support.PortfolioIntegrationTestBase;
import io.coinlens.portfolio.support.StubAnalytics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class WatchlistIntegrationTests extends PortfolioIntegrationTestBase {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void oneCallGivesEachSymbolsPriceItsAge24hChangeAndLatestSignals() {
        String quote = "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase();
        String btc = "BTC-" + quote;
        String eth = "ETH-" + quote;
        redis.opsForHash().putAll("md:ticker:" + btc, Map.of("price", "110.5", "open24h", "100",
                "tradeTime", Long.toString(Instant.now().minusSeconds(2).toEpochMilli()))).block();
        String signals = IntStream.range(0, 7).mapToObj(i -> "{\"symbol\":\"" + btc + "\",\"interval\":\"1h\","
                        + "\"kind\":\"rsi_overbought\",\"direction\":\"bearish\",\"openTime\":" + (1_767_225_600_000L + i * 3_600_000L)
                        + ",\"value\":" + (70 + i) + ",\"threshold\":70}")
                .collect(Collectors.joining(",", "[", "]"));
        StubAnalytics.signals(btc, signals);

        String user = newUser();
        Map<String, Object> created = ok(call(HttpMethod.POST, "/api/v1/watchlists", user,
                Map.of("name", "Majors", "symbols", List.of(btc, eth, btc))), 201);
        assertThat(created.get("symbols")).isEqualTo(List.of(btc, eth));
        String id = (String) created.get("id");

        Map<String, Object> view = ok(call(HttpMethod.GET, "/api/v1/watchlists/" + id, user, null), 200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) view.get("symbols");
        assertThat(entries.get(0)).containsEntry("symbol", btc).containsEntry("price", "110.5")
                .containsEntry("change24h", "10.5").containsEntry("changePercent24h", "10.50")
                .containsEntry("stale", false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> latest = (List<Map<String, Object>>) entries.get(0).get("signals");
        assertThat(latest).hasSize(5).last().satisfies(s -> assertThat(s).containsEntry("value", 76.0));
        assertThat(entries.get(1)).containsEntry("symbol", eth).doesNotContainKey("price")
                .containsEntry("signals", List.of());
        assertThat(view).containsEntry("signalsAvailable", true);
    }

    @Test
    void aWatchlistIsRenamedRefilledAndDeleted() {
        String user = newUser();
        String id = (String) ok(call(HttpMethod.POST, "/api/v1/watchlists", user,
                Map.of("name", "Alts", "symbols", List.of("SOL-USDT"))), 201).get("id");
        Map<String, Object> replaced = ok(call(HttpMethod.PUT, "/api/v1/watchlists/" + id, user,
                Map.of("name", "L1s", "symbols", List.of("SOL-USDT", "ADA-USDT"))), 200);
        assertThat(replaced).containsEntry("name", "L1s").containsEntry("symbols", List.of("SOL-USDT", "ADA-USDT"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = JSON.readValue(call(HttpMethod.GET, "/api/v1/watchlists", user, null)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), List.class);
        assertThat(all).extracting(w -> w.get("name")).containsExactly("L1s");
        call(HttpMethod.DELETE, "/api/v1/watchlists/" + id, user, null).expectStatus().isNoContent();
        problem(call(HttpMethod.GET, "/api/v1/watchlists/" + id, user, null), 404);
    }

    @Test
    void symbolsMustBeCanonical() {
        Map<String, Object> problem = problem(call(HttpMethod.POST, "/api/v1/watchlists", newUser(),
                Map.of("name", "Bad", "symbols", List.of("BTC-USDT", "btcusdt", "ETH/USDT"))), 400);
        assertThat(fields(problem)).containsExactly("symbols[1]", "symbols[2]");
        problem(call(HttpMethod.POST, "/api/v1/watchlists", newUser(), Map.of("symbols", List.of())), 400);
    }
}
