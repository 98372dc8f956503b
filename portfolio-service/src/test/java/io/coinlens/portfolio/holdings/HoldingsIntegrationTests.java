package io.coinlens.portfolio.holdings;

import io.coinlens.portfolio.support.PortfolioIntegrationTestBase;
import io.coinlens.portfolio.support.StubAnalytics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HoldingsIntegrationTests extends PortfolioIntegrationTestBase {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void holdingsAreValuedAtTheLatestPricesWithTheirAgeAndStalePricesAreFlaggedNotHidden() {
        // Unique quote currency per test run, so tickers written by other tests cannot interfere.
        String quote = "Q" + UUID.randomUUID().toString().substring(0, 6).toUpperCase().replace("-", "0");
        String user = newUser();
        String p = createPortfolio(user, "Valued", quote, "FIFO", false);
        recorded(user, p, "BUY", "BTC", "1", "100", "1", "2026-01-01T00:00:00Z");
        recorded(user, p, "BUY", "BTC", "1", "200", "2", "2026-01-02T00:00:00Z");
        recorded(user, p, "SELL", "BTC", "1.5", "300", "3", "2026-01-03T00:00:00Z");
        recorded(user, p, "BUY", "ETH", "2", "50", null, "2026-01-04T00:00:00Z");
        recorded(user, p, "BUY", "SOL", "1", "10", null, "2026-01-05T00:00:00Z");
        recorded(user, p, "BUY", "XRP", "100", "1", null, "2026-01-06T00:00:00Z");

        ticker("BTC-" + quote, "400", Instant.now().minusSeconds(5));
        ticker("ETH-" + quote, "60", Instant.now().minus(Duration.ofMinutes(10)));
        // SOL only has analytics' latest 1m candle; XRP has no price anywhere.
        long open = Instant.now().toEpochMilli() / 60_000 * 60_000 - 60_000;
        redis.opsForValue().set("analytics:candle:SOL-" + quote + ":1m", "{\"exchange\":\"binance\",\"symbol\":\"SOL-"
                + quote + "\",\"interval\":\"1m\",\"openTime\":" + open + ",\"closeTime\":" + (open + 59_999)
                + ",\"open\":\"12\",\"high\":\"12\",\"low\":\"12\",\"close\":\"12\",\"volume\":\"1\",\"quoteVolume\":\"12\","
                + "\"trades\":1,\"closed\":true,\"revision\":1,\"source\":\"live\"}").block();

        Map<String, Object> body = ok(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/holdings", user, null), 200);
        Map<String, Map<String, Object>> byAsset = byAsset(body);

        // FIFO: 1.5 sold = lot 1 (101) + half of lot 2 (101); 447 - 202 = 245 realized; 0.5 left costing 101.
        assertThat(byAsset.get("BTC")).containsEntry("quantity", "0.5").containsEntry("costBasis", "101")
                .containsEntry("averageCost", "202").containsEntry("price", "400").containsEntry("marketValue", "200")
                .containsEntry("unrealizedPnl", "99").containsEntry("realizedPnl", "245")
                .containsEntry("stale", false).containsEntry("priceSource", "ticker");
        assertThat(((Number) byAsset.get("BTC").get("priceAgeMs")).longValue()).isGreaterThanOrEqualTo(5_000L);
        assertThat(byAsset.get("ETH")).containsEntry("marketValue", "120").containsEntry("unrealizedPnl", "20")
                .containsEntry("stale", true);
        assertThat(byAsset.get("SOL")).containsEntry("price", "12").containsEntry("priceSource", "candle");
        assertThat(byAsset.get("XRP")).containsEntry("costBasis", "100").doesNotContainKey("marketValue");
        // Allocation among priced holdings: 200 + 120 + 12 = 332.
        assertThat(byAsset.get("BTC")).containsEntry("allocationPercent", "60.24");

        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) body.get("totals");
        // Unrealized 99 + 20 + 2; realized 245; invested 303 + 100 + 10 + 100 = 513; ROI 366 / 513.
        assertThat(totals).containsEntry("marketValue", "332").containsEntry("unrealizedPnl", "121")
                .containsEntry("realizedPnl", "245").containsEntry("totalPnl", "366").containsEntry("invested", "513")
                .containsEntry("roiPercent", "71.345").containsEntry("complete", false);
        assertThat(body.get("unpriced")).isEqualTo(List.of("XRP"));
        assertThat(body.get("stalePrices")).isEqualTo(List.of("ETH"));
    }

    @Test
    void averageCostRealizesAtTheRunningAverage() {
        String quote = "R" + UUID.randomUUID().toString().substring(0, 6).toUpperCase().replace("-", "0");
        String user = newUser();
        String p = createPortfolio(user, "Average", quote, "AVERAGE", false);
        recorded(user, p, "BUY", "BTC", "1", "100", "1", "2026-01-01T00:00:00Z");
        recorded(user, p, "BUY", "BTC", "1", "200", "2", "2026-01-02T00:00:00Z");
        recorded(user, p, "SELL", "BTC", "1.5", "300", "3", "2026-01-03T00:00:00Z");
        ticker("BTC-" + quote, "400", Instant.now());
        Map<String, Object> btc = byAsset(ok(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/holdings", user, null),
                200)).get("BTC");
        assertThat(btc).containsEntry("realizedPnl", "219.75").containsEntry("costBasis", "75.75")
                .containsEntry("unrealizedPnl", "124.25");
    }

    @Test
    void performanceComesFromAnalyticsCandles() {
        String quote = "S" + UUID.randomUUID().toString().substring(0, 6).toUpperCase().replace("-", "0");
        String user = newUser();
        String p = createPortfolio(user, "Tracked", quote, null, false);
        long day = 86_400_000L;
        Instant day0 = Instant.parse("2026-03-01T00:00:00Z");
        recorded(user, p, "BUY", "BTC", "1", "100", null, day0.plusMillis(day / 2).toString());
        recorded(user, p, "BUY", "BTC", "1", "110", null, day0.plusMillis(2 * day + day / 2).toString());
        StubAnalytics.candles("BTC-" + quote, List.of(
                new StubAnalytics.Candle("BTC-" + quote, "1d", day0.toEpochMilli(), day0.toEpochMilli() + day - 1, "100"),
                new StubAnalytics.Candle("BTC-" + quote, "1d", day0.toEpochMilli() + day, day0.toEpochMilli() + 2 * day - 1, "110"),
                new StubAnalytics.Candle("BTC-" + quote, "1d", day0.toEpochMilli() + 2 * day, day0.toEpochMilli() + 3 * day - 1, "99")));

        Map<String, Object> body = ok(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/performance?from="
                + day0 + "&to=" + day0.plus(Duration.ofDays(60)), user, null), 200);
        assertThat(body).containsEntry("interval", "1d").containsEntry("timeWeightedReturnPercent", "-12")
                .containsEntry("endValue", "198");
        assertThat((List<?>) body.get("points")).hasSize(3);

        problem(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/performance?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z",
                user, null), 400);
        problem(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/performance?from=yesterday", user, null), 400);
    }

    @Test
    void whenAnalyticsFailsPerformanceIsA503ProblemAndHoldingsStillWork() {
        String quote = "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase().replace("-", "0");
        String user = newUser();
        String p = createPortfolio(user, "Unlucky", quote, null, false);
        recorded(user, p, "BUY", "BTC", "1", "100", null, "2026-01-01T00:00:00Z");
        StubAnalytics.failCandles("BTC-" + quote);
        Map<String, Object> problem = problem(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/performance", user,
                null), 503);
        assertThat((String) problem.get("detail")).contains("unavailable");
        ok(call(HttpMethod.GET, "/api/v1/portfolios/" + p + "/holdings", user, null), 200);
    }

    private void ticker(String symbol, String price, Instant time) {
        redis.opsForHash().putAll("md:ticker:" + symbol, Map.of("exchange", "binance", "price", price,
                "tradeTime", Long.toString(time.toEpochMilli()), "tradeId", "1", "quantity", "1")).block();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byAsset(Map<String, Object> body) {
        Map<String, Map<String, Object>> byAsset = new java.util.HashMap<>();
        ((List<Map<String, Object>>) body.get("holdings")).forEach(h -> byAsset.put((String) h.get("asset"), h));
        return byAsset;
    }
}
