package io.coinlens.gateway.ratelimit;

import io.coinlens.gateway.config.GatewayProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenLeasesTests {

    private static final GatewayProperties.Policy LEASING = new GatewayProperties.Policy(100, 0.001, true, 16);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FakeBucket redis = new FakeBucket(100);
    private final TokenLeases leases = new TokenLeases(redis, clock::get, 1_000);

    @Test
    void aBusyClientAsksRedisOncePerLeaseAndTheLeaseGrowsToTheMaximum() {
        for (int i = 0; i < 40; i++) {
            assertThat(take("user:a").allowed()).isTrue();
        }
        assertThat(redis.asked).containsExactly(1, 2, 4, 8, 16, 16);
    }

    @Test
    void neverAllowsMoreThanTheSharedBucketHoldsAndRemainingCountsDownByOne() {
        List<Long> remaining = new ArrayList<>();
        int allowed = 0;
        for (int i = 0; i < 150; i++) {
            TokenBucket.Decision decision = take("user:a");
            if (decision.allowed()) {
                allowed++;
                remaining.add(decision.remaining());
            }
        }
        assertThat(allowed).isEqualTo(100);
        for (int i = 0; i < remaining.size(); i++) {
            assertThat(remaining.get(i)).as("remaining after request %d", i + 1).isEqualTo(99 - i);
        }
        assertThat(take("user:a").allowed()).isFalse();
    }

    @Test
    void replicasSharingTheBucketTogetherStayWithinIt() {
        TokenLeases other = new TokenLeases(redis, clock::get, 1_000);
        int allowed = 0;
        for (int i = 0; i < 200; i++) {
            if (take(i % 2 == 0 ? leases : other, "user:a").allowed()) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(100);
    }

    @Test
    void aSlowClientLeasesOneTokenAtATimeAndForfeitsNothing() {
        for (int i = 0; i < 5; i++) {
            assertThat(take("user:slow").allowed()).isTrue();
            clock.addAndGet(Duration.ofSeconds(3).toNanos());
        }
        assertThat(redis.asked).containsOnly(1);
        assertThat(redis.tokens).isEqualTo(95);
    }

    @Test
    void afterAForfeitTheLeaseShrinksToWhatWasUsed() {
        // Leases of 1, 2, 4 and 8 tokens; the 8th request spends the first of the last lease's 8.
        for (int i = 0; i < 8; i++) {
            take("user:a");
        }
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        take("user:a");
        assertThat(redis.asked).containsExactly(1, 2, 4, 8, 1);
        assertThat(redis.tokens).as("the 7 forfeited tokens stay spent").isEqualTo(100 - 15 - 1);
    }

    @Test
    void expiredLeasedTokensAreNotSpent() {
        take("user:a");
        take("user:a");
        assertThat(leases.spendLocally("user:a")).isNotNull();
        clock.addAndGet(TokenLeases.TERM.toNanos());
        assertThat(leases.spendLocally("user:a")).isNull();
    }

    @Test
    void aPolicyWithoutLeasingAsksRedisEveryTime() {
        GatewayProperties.Policy exact = new GatewayProperties.Policy(100, 0.001, false, 1);
        for (int i = 0; i < 5; i++) {
            leases.lease("ip:1", exact).block();
        }
        assertThat(redis.asked).containsExactly(1, 1, 1, 1, 1);
    }

    private TokenBucket.Decision take(String key) {
        return take(leases, key);
    }

    /** As the rate-limit filter asks: the local lease first, Redis when it has no token. */
    private static TokenBucket.Decision take(TokenLeases leases, String key) {
        TokenBucket.Decision local = leases.spendLocally(key);
        return local != null ? local : leases.lease(key, LEASING).block();
    }

    /** The Redis script's arithmetic without refill: grants what is there, up to what is asked. */
    static final class FakeBucket implements TokenLeases.Bucket {

        final List<Integer> asked = new ArrayList<>();
        long tokens;

        FakeBucket(long tokens) {
            this.tokens = tokens;
        }

        @Override
        public Mono<TokenBucket.Decision> take(String key, GatewayProperties.Policy policy, int wanted) {
            asked.add(wanted);
            long granted = Math.min(wanted, tokens);
            tokens -= granted;
            return Mono.just(new TokenBucket.Decision(granted > 0, granted, tokens, granted > 0 ? 0 : 1000,
                    (policy.capacity() - tokens) * 1000));
        }
    }
}
