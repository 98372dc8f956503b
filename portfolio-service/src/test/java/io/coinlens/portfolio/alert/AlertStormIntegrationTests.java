package io.coinlens.portfolio.alert;

import io.coinlens.contracts.AlertTriggered;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One price crossing many alerts at once: their firings are stored together, each once, each by its own cooldown. */
class AlertStormIntegrationTests extends AlertIntegrationTestBase {

    @Test
    void aPriceCrossingManyAlertsFiresEachOnceAndAgainOnlyAfterItsBandAndCooldown() throws Exception {
        String symbol = newSymbol("S");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String user = newUser();
            users.add(user);
            create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100", "hysteresis", "5"));
        }
        String patient = newUser();
        create(patient, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100", "hysteresis", "5",
                "cooldownSeconds", 3600));

        // 101 fires all 31; 102 is within the band; 94 re-arms them; 103 fires the 30 again, not the one cooling down.
        trades(symbol, "101", "102", "94", "103");
        drainTrades(symbol);
        for (String user : users) {
            assertThat(history(user)).extracting(e -> e.get("observed")).containsExactly("103", "101");
        }
        assertThat(history(patient)).extracting(e -> e.get("observed")).containsExactly("101");
        assertThat(published(users.get(0), 2)).extracting(AlertTriggered::kind)
                .containsExactly("price_above", "price_above");
        assertThat(published(patient, 1)).extracting(AlertTriggered::symbol).containsExactly(symbol);
    }
}
