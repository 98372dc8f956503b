package io.coinlens.portfolio.exchangekey;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.exceptions.BinanceConnectorException;
import com.binance.connector.client.exceptions.BinanceServerException;
import com.binance.connector.client.impl.SpotClientImpl;
import io.coinlens.portfolio.web.ApiProblem;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's Binance spot account through {@code binance-connector-java}, which signs each request with the key's
 * secret. The connector blocks, so calls run on the bounded elastic scheduler.
 */
class BinanceAccount {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One fill of the account. */
    record Fill(String symbol, long id, BigDecimal price, BigDecimal qty, BigDecimal commission,
            String commissionAsset, Instant time, boolean buyer) {
    }

    private final String baseUrl;

    BinanceAccount(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Free plus locked, per asset, leaving out what is zero. */
    Mono<Map<String, BigDecimal>> balances(String apiKey, String apiSecret) {
        return call(() -> {
            JsonNode account = JSON.readTree(client(apiKey, apiSecret).createTrade().account(new LinkedHashMap<>()));
            Map<String, BigDecimal> balances = new TreeMap<>();
            for (JsonNode b : account.path("balances")) {
                BigDecimal total = new BigDecimal(b.get("free").asString()).add(new BigDecimal(b.get("locked").asString()));
                if (total.signum() != 0) {
                    balances.put(b.get("asset").asString(), total.stripTrailingZeros());
                }
            }
            return balances;
        });
    }

    /** Every fill of {@code symbol}, oldest first, page by page from the first trade id. */
    Mono<List<Fill>> fills(String apiKey, String apiSecret, String symbol) {
        return call(() -> {
            SpotClientImpl client = client(apiKey, apiSecret);
            List<Fill> fills = new ArrayList<>();
            long fromId = 0;
            while (true) {
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("symbol", symbol);
                params.put("fromId", fromId);
                params.put("limit", 1000);
                JsonNode page = JSON.readTree(client.createTrade().myTrades(params));
                for (JsonNode f : page) {
                    fills.add(new Fill(symbol, f.get("id").asLong(), new BigDecimal(f.get("price").asString()),
                            new BigDecimal(f.get("qty").asString()), new BigDecimal(f.get("commission").asString()),
                            f.get("commissionAsset").asString(), Instant.ofEpochMilli(f.get("time").asLong()),
                            f.get("isBuyer").asBoolean()));
                }
                if (page.size() < 1000) {
                    return fills;
                }
                fromId = page.get(page.size() - 1).get("id").asLong() + 1;
            }
        });
    }

    private SpotClientImpl client(String apiKey, String apiSecret) {
        return new SpotClientImpl(apiKey, apiSecret, baseUrl);
    }

    private static <T> Mono<T> call(java.util.concurrent.Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic()).timeout(TIMEOUT)
                .onErrorMap(BinanceClientException.class, e -> ApiProblem.unprocessable(
                        "Binance refused the request (" + e.getErrorCode() + "): " + e.getErrMsg()))
                .onErrorMap(e -> e instanceof BinanceServerException || e instanceof BinanceConnectorException
                        || e instanceof java.util.concurrent.TimeoutException,
                        e -> ApiProblem.unavailable("Binance cannot be reached just now.", Duration.ofSeconds(30)));
    }
}
