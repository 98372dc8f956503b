package io.coinlens.portfolio.alert;

import io.coinlens.contracts.AlertTriggered;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.PredictionMade;
import io.coinlens.contracts.SignalRaised;
import io.coinlens.contracts.UserDeleted;
import io.coinlens.portfolio.support.StubAnalytics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each alert kind end to end: its event on its topic → history entry and AlertTriggered on portfolio.alerts.v1. */
class AlertKindsIntegrationTests extends AlertIntegrationTestBase {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    DatabaseClient db;

    @Test
    void aPercentMoveFiresOnceThenAgainOnlyAfterTheMoveFellBackBelowTheBand() throws Exception {
        String symbol = newSymbol("M");
        String user = newUser();
        Map<String, Object> created = ok(call(HttpMethod.POST, "/api/v1/alerts", user, Map.of("kind", "percent_move",
                "symbol", symbol, "direction", "UP", "percent", "5", "window", "PT1M", "hysteresis", "1")), 201);
        assertThat(created).containsEntry("kind", "percent_move").containsEntry("window", "PT1M")
                .containsEntry("percent", "5").containsEntry("direction", "UP").containsEntry("conditionHoldsNow", false)
                .containsEntry("armed", true);
        String alertId = (String) created.get("id");

        // 105 is 5 % above the window's low (fires); 106 stays beyond the band; 103.5 (3.5 %) re-arms; 105.2 fires.
        trades(symbol, "100", "103", "105", "106", "103.5", "105.2");
        drainTrades(symbol);

        List<Map<String, Object>> history = history(user);
        assertThat(history).extracting(e -> e.get("observed")).containsExactly("5.2", "5");
        assertThat(history.get(0)).containsEntry("alertId", alertId).containsEntry("kind", "percent_move")
                .containsEntry("direction", "UP").containsEntry("threshold", "5")
                .containsEntry("message", symbol + " rose 5.2% within 1min (from 100 to 105.2)");
        assertThat(published(user, 2)).allSatisfy(e -> assertThat(e).extracting(AlertTriggered::alertId,
                AlertTriggered::kind, AlertTriggered::symbol).containsExactly(alertId, "percent_move", symbol));
    }

    @Test
    void aPercentMoveThatAlreadyHappenedInTheWindowIsReportedAndDoesNotFire() throws Exception {
        String symbol = newSymbol("N");
        String user = newUser();
        long minute = Interval.M1.openTimeOf(System.currentTimeMillis() - 10 * 60_000);
        StubAnalytics.candles(symbol, List.of(new StubAnalytics.Candle(symbol, "1m", minute, minute + 59_999, "100")));
        redis.opsForHash().putAll("md:ticker:" + symbol, Map.of("exchange", "binance", "price", "110",
                "tradeTime", Long.toString(System.currentTimeMillis()), "tradeId", "1", "quantity", "1")).block();

        Map<String, Object> created = ok(call(HttpMethod.POST, "/api/v1/alerts", user, Map.of("kind", "percent_move",
                "symbol", symbol, "percent", "5", "window", "PT1H")), 201);
        assertThat(created).containsEntry("conditionHoldsNow", true).containsEntry("movePercentNow", "10")
                .containsEntry("priceNow", "110").containsEntry("armed", false).containsEntry("direction", "EITHER");

        // This instance's window starts with these trades: 100 → 110 is the same move, and it must not fire.
        trades(symbol, "100", "110");
        drainTrades(symbol);
        assertThat(history(user)).isEmpty();
    }

    @Test
    void aSignalAlertFiresOnEachMatchingSignalOnceHoweverOftenItIsDelivered() throws Exception {
        String symbol = newSymbol("S");
        String user = newUser();
        String cooled = newUser();
        String alertId = create(user, Map.of("kind", "signal", "symbol", symbol, "signalKind", "rsi_overbought",
                "direction", "bearish", "interval", "1h"));
        create(cooled, Map.of("kind", "signal", "symbol", symbol, "cooldownSeconds", 3600));
        String sentinel = newUser();
        create(sentinel, Map.of("kind", "signal", "symbol", symbol, "signalKind", "zz_sentinel"));

        long hour = Interval.H1.openTimeOf(System.currentTimeMillis()) - 3_600_000;
        SignalRaised first = signal(symbol, Interval.H1, "rsi_overbought", SignalRaised.Direction.BEARISH, hour - 3_600_000);
        SignalRaised second = signal(symbol, Interval.H1, "rsi_overbought", SignalRaised.Direction.BEARISH, hour);
        publish(List.of(first, first,
                signal(symbol, Interval.H1, "macd_cross", SignalRaised.Direction.BEARISH, hour),
                signal(symbol, Interval.H1, "rsi_overbought", SignalRaised.Direction.BULLISH, hour),
                signal(symbol, Interval.M5, "rsi_overbought", SignalRaised.Direction.BEARISH, hour),
                second,
                signal(symbol, Interval.H1, "zz_sentinel", SignalRaised.Direction.BULLISH, hour)));
        awaitHistory(sentinel, 1);

        List<Map<String, Object>> history = history(user);
        assertThat(history).hasSize(2).allSatisfy(e -> assertThat(e).containsEntry("kind", "signal")
                .containsEntry("alertId", alertId).containsEntry("symbol", symbol).containsEntry("direction", "BEARISH")
                .containsEntry("observed", "72.5").containsEntry("threshold", "70"));
        assertThat(history.get(0).get("message")).isEqualTo(symbol + " rsi_overbought (bearish) on 1h: 72.5 crossed 70");
        assertThat(history(cooled)).as("the hour's cooldown holds back every signal after the first").hasSize(1);
        assertThat(published(user, 2)).extracting(AlertTriggered::kind, AlertTriggered::symbol)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("signal", symbol));
    }

    @Test
    void aPredictionAlertFiresWhenTheModelsNumberCrossesItsThresholdOncePerCrossing() throws Exception {
        String symbol = newSymbol("P");
        String user = newUser();
        String alertId = create(user, Map.of("kind", "prediction", "symbol", symbol, "metric", "probability_up",
                "direction", "ABOVE", "threshold", "0.7", "hysteresis", "0.1", "interval", "1h"));
        String sentinel = newUser();
        create(sentinel, Map.of("kind", "prediction", "symbol", symbol, "metric", "expected_return",
                "direction", "ABOVE", "threshold", "100"));

        // 0.75 fires; 0.72 is inside the band; a 4h model's 0.9 is not this alert's; 0.6 re-arms; 0.8 fires.
        long t = System.currentTimeMillis() - 60_000;
        publish(List.of(prediction(symbol, Interval.H1, t, 0.65, 0), prediction(symbol, Interval.H1, t + 1, 0.75, 0),
                prediction(symbol, Interval.H1, t + 2, 0.72, 0), prediction(symbol, Interval.H4, t + 3, 0.9, 0),
                prediction(symbol, Interval.H1, t + 4, 0.6, 0), prediction(symbol, Interval.H1, t + 5, 0.8, 0),
                prediction(symbol, Interval.D1, t + 6, 0.5, 1000)));
        awaitHistory(sentinel, 1);

        assertThat(history(user)).extracting(e -> e.get("observed")).containsExactly("0.8", "0.75");
        assertThat(published(user, 2)).extracting(AlertTriggered::alertId, AlertTriggered::kind)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(alertId, "prediction"));
    }

    @Test
    void aDrawdownFiresWhenThePortfolioFellThePercentFromItsPeakAndNamesNoSymbol() throws Exception {
        String asset = "D" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
        String symbol = asset + "-USDT";
        String user = newUser();
        String portfolio = createPortfolio(user);
        recorded(user, portfolio, "BUY", asset, "2", "1000", null, "2026-01-01T00:00:00Z");
        ticker(symbol, "1000");

        Map<String, Object> created = ok(call(HttpMethod.POST, "/api/v1/alerts", user, Map.of("kind", "drawdown",
                "portfolioId", portfolio, "percent", "10", "hysteresis", "2")), 201);
        assertThat(created).containsEntry("kind", "drawdown").containsEntry("portfolioId", portfolio)
                .containsEntry("valueNow", "2000").containsEntry("peak", "2000").containsEntry("conditionHoldsNow", false)
                .doesNotContainKey("window");
        String alertId = (String) created.get("id");

        // Up to 2200 (the new peak), then down to 1980: 10 % below it.
        ticker(symbol, "1100");
        trades(symbol, "1100");
        await().atMost(Duration.ofSeconds(30)).until(() -> "2200".equals(
                ok(call(HttpMethod.GET, "/api/v1/alerts/" + alertId, user, null), 200).get("peak")));
        assertThat(history(user)).isEmpty();
        ticker(symbol, "990");
        trades(symbol, "990");

        List<Map<String, Object>> history = awaitHistory(user, 1);
        assertThat(history.get(0)).containsEntry("kind", "drawdown").containsEntry("observed", "10")
                .containsEntry("threshold", "10").doesNotContainKey("symbol")
                .containsEntry("message", "Portfolio Main fell 10% from its peak 2200 USDT to 1980 USDT");
        AlertTriggered event = published(user, 1).get(0);
        assertThat(event.kind()).isEqualTo("drawdown");
        assertThat(event.symbol()).isNull();
        assertThat(event.observed()).isEqualByComparingTo(BigDecimal.TEN);
        assertThat(ok(call(HttpMethod.GET, "/api/v1/alerts/" + alertId, user, null), 200)).containsEntry("armed", false);
    }

    @Test
    void aDrawdownAlertOnSomeoneElsesOrAMissingPortfolioIsNotFound() {
        String owner = newUser();
        String portfolio = createPortfolio(owner);
        String intruder = newUser();
        problem(call(HttpMethod.POST, "/api/v1/alerts", intruder, Map.of("kind", "drawdown", "portfolioId", portfolio,
                "percent", "10")), 404);
        problem(call(HttpMethod.POST, "/api/v1/alerts", owner, Map.of("kind", "drawdown",
                "portfolioId", UUID.randomUUID().toString(), "percent", "10")), 404);
        assertThat(list(intruder)).isEmpty();
        String alertId = create(owner, Map.of("kind", "drawdown", "portfolioId", portfolio, "percent", "10"));
        problem(call(HttpMethod.GET, "/api/v1/alerts/" + alertId, intruder, null), 404);
        problem(call(HttpMethod.DELETE, "/api/v1/alerts/" + alertId, intruder, null), 404);
        ok(call(HttpMethod.GET, "/api/v1/alerts/" + alertId, owner, null), 200);
    }

    @Test
    void badDefinitionsAreRefusedNamingEachField() {
        String user = newUser();
        assertThat(refused(user, Map.of("kind", "volume_spike", "symbol", "BTC-USDT"))).containsExactly("kind");
        assertThat(refused(user, Map.of("symbol", "BTC-USDT", "threshold", "1"))).containsExactly("direction");
        assertThat(refused(user, Map.of("kind", "percent_move", "symbol", "BTC-USDT")))
                .containsExactly("percent", "window");
        assertThat(refused(user, Map.of("kind", "percent_move", "symbol", "BTC-USDT", "percent", "0",
                "window", "PT1H"))).containsExactly("percent");
        assertThat(refused(user, Map.of("kind", "percent_move", "symbol", "BTC-USDT", "percent", "-2",
                "window", "PT1H"))).containsExactly("percent");
        for (String window : List.of("PT59S", "PT24H1S", "1h", "P2D")) {
            assertThat(refused(user, Map.of("kind", "percent_move", "symbol", "BTC-USDT", "percent", "5",
                    "window", window))).as(window).containsExactly("window");
        }
        assertThat(refused(user, Map.of("kind", "percent_move", "symbol", "BTC-USDT", "percent", "5",
                "window", "PT1H", "direction", "SIDEWAYS", "hysteresis", "5"))).containsExactly("direction", "hysteresis");
        assertThat(refused(user, Map.of("kind", "signal", "symbol", "BTC-USDT", "interval", "2h", "direction", "up")))
                .containsExactlyInAnyOrder("interval", "direction");
        assertThat(refused(user, Map.of("kind", "signal", "symbol", "btc"))).containsExactly("symbol");
        assertThat(refused(user, Map.of("kind", "drawdown", "percent", "10"))).containsExactly("portfolioId");
        assertThat(refused(user, Map.of("kind", "drawdown", "percent", "100",
                "portfolioId", UUID.randomUUID().toString()))).containsExactly("percent");
        assertThat(refused(user, Map.of("kind", "prediction", "symbol", "BTC-USDT", "direction", "ABOVE",
                "threshold", "0.5"))).containsExactly("metric");
        assertThat(refused(user, Map.of("kind", "prediction", "symbol", "BTC-USDT", "direction", "ABOVE",
                "metric", "probability_up", "threshold", "2"))).containsExactly("threshold");
        assertThat(list(user)).isEmpty();
    }

    @Test
    void aDeletedUsersAlertsOfEveryKindAreErased() throws Exception {
        String user = newUser();
        String portfolio = createPortfolio(user);
        create(user, Map.of("symbol", "BTC-USDT", "direction", "ABOVE", "threshold", "1000000000"));
        create(user, Map.of("kind", "percent_move", "symbol", "BTC-USDT", "percent", "50", "window", "PT1M"));
        create(user, Map.of("kind", "signal", "symbol", "BTC-USDT"));
        create(user, Map.of("kind", "prediction", "symbol", "BTC-USDT", "metric", "expected_return",
                "direction", "BELOW", "threshold", "-0.5"));
        create(user, Map.of("kind", "drawdown", "portfolioId", portfolio, "percent", "50"));
        String staying = newUser();
        create(staying, Map.of("kind", "signal", "symbol", "BTC-USDT"));
        assertThat(alerts(user)).isEqualTo(5);

        publish(List.of(new UserDeleted(user, System.currentTimeMillis())));

        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(user) == 0);
        assertThat(alerts(staying)).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String user) {
        return JSON.readValue(call(HttpMethod.GET, "/api/v1/alerts", user, null).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody(), List.class);
    }

    private long alerts(String user) {
        return db.sql("select count(*) from alerts where user_id = :u").bind("u", user)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    private List<String> refused(String user, Map<String, Object> body) {
        return fields(problem(call(HttpMethod.POST, "/api/v1/alerts", user, new HashMap<>(body)), 400));
    }

    private void ticker(String symbol, String price) {
        redis.opsForHash().putAll("md:ticker:" + symbol, Map.of("exchange", "binance", "price", price,
                "tradeTime", Long.toString(System.currentTimeMillis()), "tradeId", "1", "quantity", "1")).block();
    }

    private static SignalRaised signal(String symbol, Interval interval, String kind, SignalRaised.Direction direction,
            long openTime) {
        return new SignalRaised(symbol, interval, kind, direction, openTime, 72.5, 70);
    }

    private static PredictionMade prediction(String symbol, Interval interval, long madeAt, double probabilityUp,
            double expectedReturn) {
        return new PredictionMade(symbol, interval, 1, madeAt, madeAt + interval.millis(), expectedReturn,
                probabilityUp, "test-1");
    }
}
