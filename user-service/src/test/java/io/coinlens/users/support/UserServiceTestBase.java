package io.coinlens.users.support;

import io.coinlens.testing.EmbeddedInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The user-service against real PostgreSQL, Redis and Kafka; one Spring context shared by every integration test
 * (the same annotations as {@code ServiceBaselineTests}). Each test gets its own client address, so the login
 * throttle of one test never answers another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@EmbeddedInfrastructure
@ActiveProfiles("test")
public abstract class UserServiceTestBase {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Autowired
    protected WebTestClient web;

    @Autowired
    protected DatabaseClient db;

    protected Api api;
    protected String clientAddress;

    @BeforeEach
    void clientWithItsOwnAddress() {
        clientAddress = nextAddress();
        api = new Api(clientFrom(clientAddress));
    }

    protected WebTestClient clientFrom(String address) {
        return web.mutate().defaultHeader("X-Forwarded-For", address).responseTimeout(Duration.ofSeconds(20)).build();
    }

    protected static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    protected long count(String sql, Object... params) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (int i = 0; i < params.length; i++) {
            spec = spec.bind(i, params[i]);
        }
        return spec.map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10));
    }
}
