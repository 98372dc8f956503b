package io.coinlens.simulator.binance;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.impl.SpotClientImpl;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signed account endpoints, through the real binance-connector-java with its own HMAC signing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "coinlens.simulator.account.trade-every=50")
@ActiveProfiles("test")
class BinanceAccountIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "local-simulator";
    private static final String SECRET = "local-simulator-signing-key";
    private static final BigDecimal START = new BigDecimal("1000000");

    @LocalServerPort
    int port;

    private SpotClientImpl client(String key, String secret) {
        return new SpotClientImpl(key, secret, "http://localhost:" + port);
    }

    @Test
    void balancesAreWhatTheFillsAddUpTo() {
        SpotClientImpl spot = client(KEY, SECRET);
        // The account trades live: read fills, balances, fills again, until no fill landed in between.
        for (int attempt = 0; attempt < 20; attempt++) {
            JsonNode btc = fills(spot, "BTCUSDT");
            JsonNode eth = fills(spot, "ETHUSDT");
            JsonNode account = JSON.readTree(spot.createTrade().account(new LinkedHashMap<>()));
            if (btc.size() != fills(spot, "BTCUSDT").size() || eth.size() != fills(spot, "ETHUSDT").size()) {
                continue;
            }
            assertThat(account.get("accountType").asString()).isEqualTo("SPOT");
            Map<String, BigDecimal> balances = new HashMap<>();
            for (JsonNode b : account.get("balances")) {
                balances.put(b.get("asset").asString(), new BigDecimal(b.get("free").asString()));
                assertThat(b.get("locked").asString()).isEqualTo("0.00000000");
            }
            BigDecimal[] usdt = {START};
            assertThat(balances.get("BTC")).isEqualByComparingTo(replay(btc, "BTCUSDT", usdt));
            assertThat(balances.get("ETH")).isEqualByComparingTo(replay(eth, "ETHUSDT", usdt));
            assertThat(balances.get("USDT")).isEqualByComparingTo(usdt[0].setScale(8, RoundingMode.DOWN));
            return;
        }
        throw new AssertionError("the account never stood still between two reads");
    }

    private static JsonNode fills(SpotClientImpl spot, String symbol) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("limit", 1000);
        JsonNode fills = JSON.readTree(spot.createTrade().myTrades(params));
        assertThat(fills.size()).as("all fills since start-up fit in one page").isGreaterThan(0).isLessThan(1000);
        return fills;
    }

    /** The base asset the fills leave, and their effect on the quote balance. */
    private static BigDecimal replay(JsonNode fills, String symbol, BigDecimal[] usdt) {
        BigDecimal base = BigDecimal.ZERO;
        long previous = 0;
        for (JsonNode f : fills) {
            assertThat(f.get("symbol").asString()).isEqualTo(symbol);
            assertThat(f.get("id").asLong()).isGreaterThan(previous).matches(id -> id % 50 == 0);
            previous = f.get("id").asLong();
            BigDecimal qty = new BigDecimal(f.get("qty").asString());
            BigDecimal quote = new BigDecimal(f.get("quoteQty").asString());
            assertThat(quote).isEqualByComparingTo(new BigDecimal(f.get("price").asString()).multiply(qty));
            assertThat(f.get("commissionAsset").asString()).isEqualTo("USDT");
            boolean buyer = f.get("isBuyer").asBoolean();
            base = buyer ? base.add(qty) : base.subtract(qty);
            assertThat(base.signum()).as("never sells what it does not hold").isGreaterThanOrEqualTo(0);
            usdt[0] = (buyer ? usdt[0].subtract(quote) : usdt[0].add(quote))
                    .subtract(new BigDecimal(f.get("commission").asString()));
        }
        return base;
    }

    @Test
    void refusesWhatBinanceRefuses() {
        Map<String, Object> params = new LinkedHashMap<>();
        assertThatThrownBy(() -> client(KEY, "wrong-secret").createTrade().account(new LinkedHashMap<>(params)))
                .isInstanceOfSatisfying(BinanceClientException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(-1022);
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                });
        assertThatThrownBy(() -> client("someone-else", SECRET).createTrade().account(new LinkedHashMap<>(params)))
                .isInstanceOfSatisfying(BinanceClientException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(-2015);
                    assertThat(e.getHttpStatusCode()).isEqualTo(401);
                });
        Map<String, Object> late = new LinkedHashMap<>();
        late.put("timestamp", System.currentTimeMillis() - 120_000);
        assertThatThrownBy(() -> client(KEY, SECRET).createTrade().account(late))
                .isInstanceOfSatisfying(BinanceClientException.class, e -> assertThat(e.getErrorCode()).isEqualTo(-1021));
        Map<String, Object> unknown = new LinkedHashMap<>();
        unknown.put("symbol", "NOPEUSDT");
        assertThatThrownBy(() -> client(KEY, SECRET).createTrade().myTrades(unknown))
                .isInstanceOfSatisfying(BinanceClientException.class, e -> assertThat(e.getErrorCode()).isEqualTo(-1121));
    }

    @Test
    void unsignedQueryKeepsEverythingButTheSignatureInOrder() {
        assertThat(BinanceAccountController.unsignedQuery("symbol=BTCUSDT&timestamp=1&signature=ab"))
                .isEqualTo("symbol=BTCUSDT&timestamp=1");
        assertThat(BinanceAccountController.unsignedQuery("signature=ab&timestamp=1")).isEqualTo("timestamp=1");
        // RFC 4231 test case 2.
        assertThat(BinanceAccountController.hmacHex("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
