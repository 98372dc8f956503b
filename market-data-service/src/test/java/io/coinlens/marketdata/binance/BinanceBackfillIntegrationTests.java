package io.coinlens.marketdata.binance;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.impl.SpotClientImpl;
import com.sun.net.httpserver.HttpServer;
import io.coinlens.testing.Infrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a refusal of Binance's reaches the shared budget, through the real connector against a local HTTP server that
 * answers as Binance does when it rate-limits or bans an address.
 */
class BinanceBackfillIntegrationTests {

    /**
     * In the past, so a back-off written here never holds up a service sharing this Redis, and in a minute the budget
     * tests do not count in.
     */
    static final Instant NOW = Instant.parse("2020-01-01T05:00:00Z");

    static LettuceConnectionFactory connections;
    static ReactiveStringRedisTemplate redis;
    static HttpServer binance;
    static final AtomicReference<Answer> answer = new AtomicReference<>();

    record Answer(int status, String body) {
    }

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeAll
    static void start() throws IOException {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", Infrastructure.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new ReactiveStringRedisTemplate(connections);
        binance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        binance.createContext("/api/v3/historicalTrades", exchange -> {
            Answer a = answer.get();
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        binance.start();
    }

    @AfterAll
    static void stop() {
        binance.stop(0);
        connections.destroy();
    }

    @AfterEach
    void clearBackOff() {
        redis.delete(RequestWeightBudget.BACKOFF_KEY).block(Duration.ofSeconds(2));
    }

    @Test
    void aBanHoldsEveryReplicaUntilTheEndBinanceNames() {
        long banEnd = NOW.plus(Duration.ofHours(2)).toEpochMilli();
        answer.set(new Answer(418, "{\"code\":-1003,\"msg\":\"Way too many requests; IP(127.0.0.1) banned until "
                + banEnd + ". Please use the websocket for live updates to avoid bans.\"}"));

        assertThatThrownBy(() -> backfill().fetch("BTC-USDT", 1, 10)).isInstanceOf(BinanceClientException.class);

        assertThat(backOffUntil()).isEqualTo(banEnd);
    }

    @Test
    void aBanWithoutAnEndHoldsForBinancesShortestBan() {
        answer.set(new Answer(418, "{\"code\":-1003,\"msg\":\"Way too many requests.\"}"));

        assertThatThrownBy(() -> backfill().fetch("BTC-USDT", 1, 10)).isInstanceOf(BinanceClientException.class);

        assertThat(backOffUntil()).isEqualTo(NOW.plus(BinanceBackfill.SHORTEST_BAN).toEpochMilli());
    }

    @Test
    void aRateLimitRefusalHoldsForAMinute() {
        answer.set(new Answer(429, "{\"code\":-1003,\"msg\":\"Too many requests; current limit of IP(127.0.0.1) is "
                + "6000 requests per minute.\"}"));

        assertThatThrownBy(() -> backfill().fetch("BTC-USDT", 1, 10)).isInstanceOf(BinanceClientException.class);

        assertThat(backOffUntil()).isEqualTo(NOW.plus(RequestWeightBudget.BACKOFF).toEpochMilli());
    }

    private BinanceBackfill backfill() {
        // historicalTrades needs an API key (MARKET_DATA security), though not a signature.
        SpotClientImpl client = new SpotClientImpl("test-key", "unused-no-signed-endpoints",
                "http://127.0.0.1:" + binance.getAddress().getPort());
        client.setShowLimitUsage(true);
        return new BinanceBackfill(client, new BinanceFrames(Map.of("BTCUSDT", "BTC-USDT")), new RequestWeightBudget(redis, 6000, clock), clock);
    }

    private long backOffUntil() {
        String value = redis.opsForValue().get(RequestWeightBudget.BACKOFF_KEY).block(Duration.ofSeconds(2));
        assertThat(value).as("a back-off is shared through Redis").isNotNull();
        return Long.parseLong(value);
    }
}
