package io.coinlens.gateway.support;

import io.coinlens.gateway.ratelimit.TokenLeases;
import io.coinlens.gateway.resilience.ServiceCircuitBreakers;
import io.coinlens.testing.EmbeddedInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One gateway for all edge tests (one Spring context, shared), in front of {@link StubServices}, with ml-service
 * down, real Redis, tokens from {@link TestTokens}, and small limits so tests can reach them. 127.0.0.2 is the
 * trusted proxy; tests connect from 127.0.0.1 unless they say otherwise. Redis, the breakers and the stub's counts
 * are reset before each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "coinlens.gateway.rate-limit.api.capacity=20",
        "coinlens.gateway.rate-limit.api.refill-per-second=0.1",
        "coinlens.gateway.rate-limit.api.fail-open=true",
        "coinlens.gateway.rate-limit.auth.capacity=3",
        "coinlens.gateway.rate-limit.auth.refill-per-second=0.05",
        "coinlens.gateway.rate-limit.auth.fail-open=false",
        "coinlens.gateway.trusted-proxies=127.0.0.2/32",
        "coinlens.gateway.cors.allowed-origins=https://app.coinlens.test",
        "coinlens.gateway.timeouts.per-route.sentiment-service.response=500ms",
        "coinlens.gateway.circuit-breaker.sliding-window-size=4",
        "coinlens.gateway.circuit-breaker.minimum-number-of-calls=4",
        "coinlens.gateway.circuit-breaker.wait-in-open-state=30s",
        "coinlens.gateway.retry.first-backoff=10ms",
        "coinlens.gateway.retry.max-backoff=20ms",
        "coinlens.gateway.jwt.jwks-refresh-min-interval=1h"})
@EmbeddedInfrastructure(postgres = false, kafka = false)
public abstract class GatewayTestSupport {

    public static final String ALLOWED_ORIGIN = "https://app.coinlens.test";
    public static final String TRUSTED_PROXY = "127.0.0.2";

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    private ReactiveStringRedisTemplate redis;

    @Autowired
    private ServiceCircuitBreakers breakers;

    @Autowired
    private TokenLeases leases;

    /** A client of the public port, connecting from 127.0.0.1 (not a trusted proxy). */
    protected WebTestClient client;

    @DynamicPropertySource
    static void servicesAndKeys(DynamicPropertyRegistry registry) {
        for (String service : List.of("user-service", "market-data-service", "analytics-service",
                "sentiment-service", "portfolio-service")) {
            registry.add("coinlens.gateway.services." + service, StubServices::url);
        }
        registry.add("coinlens.gateway.services.ml-service", StubServices::downUrl);
        registry.add("coinlens.gateway.jwt.jwks-uri", TestTokens::jwksUri);
    }

    @BeforeEach
    void freshState() {
        redis.execute(connection -> connection.serverCommands().flushAll()).blockLast(Duration.ofSeconds(10));
        leases.forgetAll();
        breakers.registry().getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        StubServices.reset();
        client = clientFrom("127.0.0.1");
    }

    protected WebTestClient clientFrom(String localAddress) {
        HttpClient http = HttpClient.create().bindAddress(() -> new InetSocketAddress(localAddress, 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    protected WebTestClient managementClient() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }
}
