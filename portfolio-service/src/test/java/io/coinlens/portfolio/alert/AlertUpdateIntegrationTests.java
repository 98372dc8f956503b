package io.coinlens.portfolio.alert;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** PATCH /api/v1/alerts/{id}: a user's change reaches the evaluator, and a changed condition fires no stale trigger. */
class AlertUpdateIntegrationTests extends AlertIntegrationTestBase {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    AlertBook book;

    private Map<String, Object> patch(String user, String id, Map<String, Object> change) {
        return ok(call(HttpMethod.PATCH, "/api/v1/alerts/" + id, user, new HashMap<>(change)), 200);
    }

    private void ticker(String symbol, String price) {
        redis.opsForHash().putAll("md:ticker:" + symbol, Map.of("exchange", "binance", "price", price,
                "tradeTime", Long.toString(System.currentTimeMillis()), "tradeId", "1", "quantity", "1")).block();
    }

    @Test
    void aDisabledAlertDoesNotFireAndReenabledWhileItsConditionHoldsItWaitsForAFreshCrossing() throws Exception {
        String symbol = newSymbol("U");
        String user = newUser();
        String id = create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100"));

        Map<String, Object> disabled = patch(user, id, Map.of("enabled", false));
        assertThat(disabled).containsEntry("id", id).containsEntry("enabled", false).doesNotContainKey("conditionHoldsNow");
        assertThat(book.forSymbol(symbol)).isEmpty();
        trades(symbol, "101");
        drainTrades(symbol);
        assertThat(history(user)).isEmpty();

        ticker(symbol, "120");
        Map<String, Object> enabled = patch(user, id, Map.of("enabled", true));
        assertThat(enabled).containsEntry("enabled", true).containsEntry("conditionHoldsNow", true)
                .containsEntry("priceNow", "120").containsEntry("armed", false);
        assertThat(book.forSymbol(symbol)).filteredOn(a -> a.id().toString().equals(id)).singleElement()
                .satisfies(a -> assertThat(a.armed()).isFalse());

        // 121 is the condition that already held when it was enabled: no firing. 99 re-arms; 102 crosses afresh.
        trades(symbol, "121", "99", "102");
        awaitHistory(user, 1);
        drainTrades(symbol);
        assertThat(history(user)).extracting(e -> e.get("observed")).containsExactly("102");
        assertThat(published(user, 1)).singleElement().satisfies(e -> assertThat(e.alertId()).isEqualTo(id));
    }

    @Test
    void aNewThresholdIsCheckedAgainstThePriceNowAndIsTheOneThatFires() throws Exception {
        String symbol = newSymbol("V");
        String user = newUser();
        ticker(symbol, "150");
        String id = create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100"));

        Map<String, Object> raised = patch(user, id, Map.of("threshold", "200"));
        assertThat(raised).containsEntry("threshold", "200").containsEntry("conditionHoldsNow", false)
                .containsEntry("armed", true).containsEntry("priceNow", "150");
        assertThat(book.forSymbol(symbol)).singleElement()
                .satisfies(a -> assertThat(a.threshold()).isEqualByComparingTo(new BigDecimal("200")));

        // 150 would have fired the old threshold; 201 fires the new one.
        trades(symbol, "150", "201");
        awaitHistory(user, 1);
        assertThat(history(user)).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("observed", "201").containsEntry("threshold", "200"));

        Map<String, Object> lowered = patch(user, id, Map.of("direction", "below", "threshold", "140"));
        assertThat(lowered).containsEntry("direction", "BELOW").containsEntry("conditionHoldsNow", false)
                .containsEntry("armed", true);
        // The helper dates each batch from a minute ago: 139 goes third, so it is later than 201 and not in its past.
        trades(symbol, "150", "150", "139");
        awaitHistory(user, 2);
        assertThat(history(user)).extracting(e -> e.get("observed")).containsExactly("139", "201");
    }

    @Test
    void noteCooldownAndHysteresisChangeWithoutRearmingAndFixedFieldsAreIgnored() throws Exception {
        String symbol = newSymbol("W");
        String user = newUser();
        String id = create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100", "note", "first"));
        trades(symbol, "101");
        awaitHistory(user, 1);
        assertThat(ok(call(HttpMethod.GET, "/api/v1/alerts/" + id, user, null), 200)).containsEntry("armed", false);

        Map<String, Object> changed = patch(user, id, Map.of("note", "second", "cooldownSeconds", 60,
                "hysteresis", "2.5", "id", UUID.randomUUID().toString(), "kind", "signal", "symbol", "ETH-USDT",
                "userId", newUser()));
        assertThat(changed).containsEntry("id", id).containsEntry("kind", "price").containsEntry("symbol", symbol)
                .containsEntry("note", "second").containsEntry("cooldownSeconds", 60)
                .containsEntry("hysteresis", "2.5").containsEntry("threshold", "100")
                // Fired and not re-armed: a change that leaves the condition as it was does not re-arm it.
                .containsEntry("armed", false).doesNotContainKey("conditionHoldsNow");
        assertThat(ok(call(HttpMethod.GET, "/api/v1/alerts/" + id, user, null), 200))
                .containsEntry("note", "second").containsEntry("cooldownSeconds", 60).containsEntry("armed", false);
        assertThat(book.forSymbol(symbol)).singleElement().satisfies(a -> {
            assertThat(a.note()).isEqualTo("second");
            assertThat(a.armed()).isFalse();
        });
    }

    @Test
    void badChangesAreRefusedNamingTheFieldAndChangeNothing() {
        String user = newUser();
        String price = create(user, Map.of("symbol", "BTC-USDT", "direction", "ABOVE", "threshold", "1000000000"));
        String move = create(user, Map.of("kind", "percent_move", "symbol", "BTC-USDT", "percent", "50",
                "window", "PT1M"));

        assertThat(refused(user, price, Map.of("threshold", "-1"))).containsExactly("threshold");
        assertThat(refused(user, price, Map.of("threshold", "lots"))).containsExactly("threshold");
        assertThat(refused(user, price, Map.of("direction", "SIDEWAYS"))).containsExactly("direction");
        assertThat(refused(user, price, Map.of("cooldownSeconds", -1))).containsExactly("cooldownSeconds");
        assertThat(refused(user, price, Map.of("hysteresis", "-1"))).containsExactly("hysteresis");
        assertThat(refused(user, price, Map.of("note", "n".repeat(201)))).containsExactly("note");
        assertThat(refused(user, price, Map.of("enabled", "perhaps"))).containsExactly("enabled");
        assertThat(refused(user, move, Map.of("window", "1h"))).containsExactly("window");
        assertThat(refused(user, move, Map.of("hysteresis", "50"))).containsExactly("hysteresis");
        assertThat(refused(user, move, Map.of("percent", "0", "direction", "UPWARDS")))
                .containsExactlyInAnyOrder("percent", "direction");

        assertThat(ok(call(HttpMethod.GET, "/api/v1/alerts/" + price, user, null), 200))
                .containsEntry("threshold", "1000000000").containsEntry("direction", "ABOVE")
                .containsEntry("cooldownSeconds", 0).containsEntry("enabled", true);
        assertThat(ok(call(HttpMethod.GET, "/api/v1/alerts/" + move, user, null), 200))
                .containsEntry("percent", "50").containsEntry("window", "PT1M").containsEntry("hysteresis", "0");
    }

    @Test
    void anotherUsersAlertCannotBeChangedAndLooksMissing() throws Exception {
        String symbol = newSymbol("X");
        String owner = newUser();
        String intruder = newUser();
        String id = create(owner, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100"));

        Map<String, Object> foreign = problem(call(HttpMethod.PATCH, "/api/v1/alerts/" + id, intruder,
                Map.of("enabled", false)), 404);
        Map<String, Object> missing = problem(call(HttpMethod.PATCH, "/api/v1/alerts/" + UUID.randomUUID(), intruder,
                Map.of("enabled", false)), 404);
        assertThat(foreign.get("title")).isEqualTo(missing.get("title"));
        // Even a change that would be invalid says 404: nothing about the alert leaks.
        problem(call(HttpMethod.PATCH, "/api/v1/alerts/" + id, intruder, Map.of("threshold", "-1")), 404);

        assertThat(ok(call(HttpMethod.GET, "/api/v1/alerts/" + id, owner, null), 200))
                .containsEntry("enabled", true).containsEntry("threshold", "100");
        trades(symbol, "101");
        awaitHistory(owner, 1);
    }

    @Test
    void theChangeIsDocumentedWithItsFields() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/v1/alerts/{id}'].patch.summary").value(summary ->
                        assertThat((String) summary).contains("enable or disable"))
                .jsonPath("$.components.schemas.AlertChange.properties.enabled").exists()
                .jsonPath("$.components.schemas.AlertChange.properties.threshold").exists()
                .jsonPath("$.components.schemas.AlertChange.properties.kind").doesNotExist();
    }

    private List<String> refused(String user, String id, Map<String, Object> change) {
        return fields(problem(call(HttpMethod.PATCH, "/api/v1/alerts/" + id, user, new HashMap<>(change)), 400));
    }
}
