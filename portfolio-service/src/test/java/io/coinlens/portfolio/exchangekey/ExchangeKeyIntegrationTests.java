package io.coinlens.portfolio.exchangekey;

import io.coinlens.portfolio.support.PortfolioIntegrationTestBase;
import io.coinlens.simulator.ExchangeSimulatorApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exchange keys against the exchange simulator's signed account endpoints, through the real Binance connector. The
 * simulator's account trades only during its warm-up here (slow replay), so its balances hold still during a test.
 */
class ExchangeKeyIntegrationTests extends PortfolioIntegrationTestBase {

    static final String KEY = "local-simulator";
    static final String SECRET = "local-simulator-signing-key";
    static final String MASTER = KeyVaultTests.newKey();

    /** Its own configuration only: this module's application.yml (database, security) is on the classpath too. */
    static final ConfigurableApplicationContext SIMULATOR = new SpringApplicationBuilder(ExchangeSimulatorApplication.class)
            .run("--server.port=0", "--spring.config.name=exchange-simulator-in-portfolio-tests",
                    "--spring.application.name=exchange-simulator",
                    "--coinlens.simulator.replay.speed=100", "--coinlens.simulator.replay.warmup=1000m",
                    "--coinlens.simulator.account.trade-every=100",
                    "--management.endpoint.health.group.readiness.include=readinessState",
                    "--spring.autoconfigure.exclude="
                            + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
                            + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration,"
                            + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration,"
                            + "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration,"
                            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.actuate.web.reactive."
                            + "ReactiveManagementWebSecurityAutoConfiguration,"
                            + "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
                            + "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive."
                            + "ReactiveOAuth2ResourceServerAutoConfiguration");

    @DynamicPropertySource
    static void exchange(DynamicPropertyRegistry registry) {
        registry.add("coinlens.portfolio.exchange-keys.binance-url",
                () -> "http://localhost:" + SIMULATOR.getEnvironment().getProperty("local.server.port"));
        registry.add("coinlens.portfolio.exchange-keys.master-keys.k1", () -> MASTER);
        registry.add("coinlens.portfolio.exchange-keys.current-key", () -> "k1");
    }

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Autowired
    DatabaseClient db;

    @Autowired
    ExchangeKeyConfig.KeyRotation rotation;

    private String addKey(String user) {
        Map<String, Object> key = ok(call(HttpMethod.POST, "/api/v1/exchange-keys", user, Map.of("exchange", "binance",
                "label", "main", "apiKey", KEY, "apiSecret", SECRET)), 201);
        assertThat(key).containsEntry("keyHint", "…ator").containsEntry("exchange", "binance")
                .doesNotContainKeys("apiKey", "apiSecret", "sealedKey", "sealedSecret", "userId");
        return (String) key.get("id");
    }

    @Test
    void aKeyTheExchangeRefusesIsNotStoredAndAGoodOneIsStoredSealed() {
        String user = newUser();
        Map<String, Object> refused = problem(call(HttpMethod.POST, "/api/v1/exchange-keys", user, Map.of(
                "exchange", "binance", "apiKey", KEY, "apiSecret", "wrong")), 422);
        assertThat((String) refused.get("detail")).contains("-1022");
        problem(call(HttpMethod.POST, "/api/v1/exchange-keys", user, Map.of("exchange", "kraken", "apiKey", KEY,
                "apiSecret", SECRET)), 400);

        String id = addKey(user);
        Map<String, Object> row = db.sql("select sealed_key, sealed_secret from exchange_keys where id = :id")
                .bind("id", UUID.fromString(id)).fetch().one().block();
        assertThat((String) row.get("sealed_key")).startsWith("k1:").doesNotContain(KEY);
        assertThat((String) row.get("sealed_secret")).startsWith("k1:").doesNotContain(SECRET);
        String listed = call(HttpMethod.GET, "/api/v1/exchange-keys", user, null).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains(id).doesNotContain(SECRET).doesNotContain("k1:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void importRecordsEveryFillOnceAndHoldingsReconcileWithTheExchange() {
        String user = newUser();
        String keyId = addKey(user);
        String portfolio = createPortfolio(user, "Binance", "USDT", "FIFO", false);

        Map<String, Object> first = ok(call(HttpMethod.POST, "/api/v1/exchange-keys/" + keyId + "/import", user,
                Map.of("portfolioId", portfolio)), 200);
        int fills = (Integer) first.get("fillsRead");
        assertThat(fills).isGreaterThan(50);
        assertThat(first).containsEntry("imported", fills);
        List<Map<String, Object>> reconciliation = (List<Map<String, Object>>) first.get("reconciliation");
        assertThat(reconciliation).extracting(r -> r.get("asset")).containsExactly("BTC", "ETH");
        for (Map<String, Object> r : reconciliation) {
            assertThat(new BigDecimal(r.get("exchange").toString())).isPositive();
            assertThat(new BigDecimal(r.get("difference").toString())).as("%s", r).isEqualByComparingTo("0");
        }
        assertThat(ledger(user, portfolio)).hasSize(fills)
                .allSatisfy(tx -> assertThat((String) tx.get("note")).startsWith("binance:"));

        Map<String, Object> again = ok(call(HttpMethod.POST, "/api/v1/exchange-keys/" + keyId + "/import", user,
                Map.of("portfolioId", portfolio)), 200);
        assertThat(again).containsEntry("fillsRead", fills).containsEntry("imported", 0);
        assertThat(ledger(user, portfolio)).hasSize(fills);

        problem(call(HttpMethod.POST, "/api/v1/exchange-keys/" + keyId + "/import", user,
                Map.of("portfolioId", portfolio, "symbols", List.of("BTCEUR"))), 400);
    }

    @Test
    void anotherUsersKeyOrPortfolioIsNotFound() {
        String alice = newUser();
        String bob = newUser();
        String aliceKey = addKey(alice);
        String alicePortfolio = createPortfolio(alice);
        String bobKey = addKey(bob);

        problem(call(HttpMethod.GET, "/api/v1/exchange-keys/" + aliceKey, bob, null), 404);
        problem(call(HttpMethod.POST, "/api/v1/exchange-keys/" + aliceKey + "/import", bob,
                Map.of("portfolioId", createPortfolio(bob))), 404);
        problem(call(HttpMethod.POST, "/api/v1/exchange-keys/" + bobKey + "/import", bob,
                Map.of("portfolioId", alicePortfolio)), 404);
        problem(call(HttpMethod.DELETE, "/api/v1/exchange-keys/" + aliceKey, bob, null), 404);
        ok(call(HttpMethod.GET, "/api/v1/exchange-keys/" + aliceKey, alice, null), 200);
        assertThat(ledger(alice, alicePortfolio)).isEmpty();
    }

    @Test
    void rotationResealsEveryKeyUnderTheNewMasterKey() {
        String user = newUser();
        String id = addKey(user);
        String k2 = KeyVaultTests.newKey();
        KeyVault rotated = new KeyVault(Map.of("k1", MASTER, "k2", k2), "k2");
        assertThat(rotation.resealAll(rotated).block()).isPositive();

        Map<String, Object> row = db.sql("select sealed_key, sealed_secret from exchange_keys where id = :id")
                .bind("id", UUID.fromString(id)).fetch().one().block();
        KeyVault onlyNew = new KeyVault(Map.of("k2", k2), "k2");
        String aad = ExchangeKey.associatedData(UUID.fromString(id), user);
        assertThat(onlyNew.open((String) row.get("sealed_key"), aad)).isEqualTo(KEY);
        assertThat(onlyNew.open((String) row.get("sealed_secret"), aad)).isEqualTo(SECRET);
        assertThat(rotation.resealAll(rotated).block()).as("nothing left under the old key").isZero();
        // Leave the table as the running service can read it.
        assertThat(rotation.resealAll(new KeyVault(Map.of("k1", MASTER, "k2", k2), "k1")).block()).isPositive();
    }
}
