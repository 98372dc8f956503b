package io.coinlens.marketdata.binance;

import io.coinlens.testing.Infrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two replicas' budgets sharing one real Redis, on a test clock: no minute goes by waiting. */
class RequestWeightBudgetIntegrationTests {

    static final int LIMIT = 100;
    static final int WEIGHT = 7;
    /** In the past, so a back-off written here never holds up a service sharing this Redis. */
    static final long MINUTE = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();

    static LettuceConnectionFactory connections;
    static ReactiveStringRedisTemplate redis;

    final AtomicLong now = new AtomicLong();
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @BeforeAll
    static void connect() {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", Infrastructure.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new ReactiveStringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @AfterEach
    void clearBackOff() {
        redis.delete(RequestWeightBudget.BACKOFF_KEY).block(Duration.ofSeconds(2));
    }

    /** Thrown instead of sleeping: the caller would have had to wait this long. */
    static final class Waited extends RuntimeException {
        final long millis;

        Waited(long millis) {
            super(null, null, false, false);
            this.millis = millis;
        }
    }

    @Test
    void twoReplicasTogetherNeverSpendMoreThanTheLimitInAMinute() throws Exception {
        List<Long> waits = new CopyOnWriteArrayList<>();
        RequestWeightBudget.Sleeper refuse = millis -> {
            waits.add(millis);
            throw new Waited(millis);
        };
        RequestWeightBudget replicaA = new RequestWeightBudget(redis, LIMIT, clock, refuse);
        RequestWeightBudget replicaB = new RequestWeightBudget(redis, LIMIT, clock, refuse);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int window = 0; window < 3; window++) {
                long start = MINUTE + window * 60_000L;
                now.set(start + 1_000);
                waits.clear();
                AtomicInteger spent = new AtomicInteger();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> replicas = List.of(
                        threads.submit(() -> spendUntilRefused(replicaA, spent, go)),
                        threads.submit(() -> spendUntilRefused(replicaB, spent, go)));
                go.countDown();
                for (Future<?> replica : replicas) {
                    replica.get(30, TimeUnit.SECONDS);
                }
                assertThat(spent.get()).as("weight spent in minute %d by both replicas", window)
                        .isLessThanOrEqualTo(LIMIT)
                        .isGreaterThan(LIMIT - WEIGHT);
                assertThat(waits).as("each replica was told to wait for the next minute")
                        .containsExactly(59_000L, 59_000L);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void afterABackOffEveryReplicaWaitsItOut() {
        now.set(MINUTE + 10 * 60_000L);
        List<Long> waitsOfA = new CopyOnWriteArrayList<>();
        RequestWeightBudget replicaA = new RequestWeightBudget(redis, LIMIT, clock, millis -> {
            waitsOfA.add(millis);
            now.addAndGet(millis);
        });
        RequestWeightBudget replicaB = new RequestWeightBudget(redis, LIMIT, clock, millis -> {
            throw new Waited(millis);
        });
        replicaA.acquire(WEIGHT);
        assertThat(waitsOfA).isEmpty();

        replicaA.backOff();
        assertThatThrownBy(() -> replicaB.acquire(1)).isInstanceOfSatisfying(Waited.class,
                waited -> assertThat(waited.millis).isEqualTo(RequestWeightBudget.BACKOFF.toMillis()));
        replicaA.acquire(1);
        assertThat(waitsOfA).as("A waited out the back-off, then spent").containsExactly(RequestWeightBudget.BACKOFF.toMillis());
    }

    @Test
    void aBanHoldsEveryReplicaUntilItEndsAndALaterShorterBackOffDoesNotCutItShort() {
        now.set(MINUTE + 15 * 60_000L);
        long banEnd = now.get() + 10 * 60_000L;
        RequestWeightBudget replicaA = new RequestWeightBudget(redis, LIMIT, clock, millis -> {
            throw new Waited(millis);
        });
        RequestWeightBudget replicaB = new RequestWeightBudget(redis, LIMIT, clock, millis -> {
            throw new Waited(millis);
        });
        replicaA.backOffUntil(banEnd, "banned");
        replicaA.backOff();

        assertThatThrownBy(() -> replicaB.acquire(1)).isInstanceOfSatisfying(Waited.class,
                waited -> assertThat(waited.millis).isEqualTo(10 * 60_000L));
        now.set(banEnd);
        replicaB.acquire(1);
    }

    @Test
    void whatBinanceCountedForThisAddressIsSpentFromTheSharedBudgetToo() {
        now.set(MINUTE + 20 * 60_000L + 1_000);
        RequestWeightBudget budget = new RequestWeightBudget(redis, LIMIT, clock, millis -> {
            throw new Waited(millis);
        });
        budget.acquire(WEIGHT);
        budget.observe(1);
        budget.acquire(WEIGHT);

        budget.observe(LIMIT - WEIGHT + 1);
        assertThatThrownBy(() -> budget.acquire(WEIGHT)).isInstanceOfSatisfying(Waited.class,
                waited -> assertThat(waited.millis).isEqualTo(59_000L));
    }

    private static void spendUntilRefused(RequestWeightBudget budget, AtomicInteger spent, CountDownLatch go) {
        try {
            go.await();
            while (true) {
                budget.acquire(WEIGHT);
                spent.addAndGet(WEIGHT);
            }
        } catch (Waited expected) {
            // budget spent for this minute
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
