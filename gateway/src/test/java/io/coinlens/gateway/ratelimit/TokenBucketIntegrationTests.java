package io.coinlens.gateway.ratelimit;

import io.coinlens.gateway.config.GatewayProperties;
import io.coinlens.testing.Infrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket's Lua script on a real Redis: whole tokens, partial grants for a lease, and the waits. */
class TokenBucketIntegrationTests {

    private static LettuceConnectionFactory connections;
    private static TokenBucket bucket;

    @BeforeAll
    static void connect() {
        connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", Infrastructure.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        bucket = new TokenBucket(new ReactiveStringRedisTemplate(connections));
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void grantsWhatIsThereUpToWhatIsWantedThenRefusesWithTheTimeToTheNextToken() {
        GatewayProperties.Policy policy = new GatewayProperties.Policy(5, 0.5, true, 3);
        String key = "test:" + UUID.randomUUID();

        TokenBucket.Decision first = bucket.take(key, policy, 3).block();
        assertThat(first.allowed()).isTrue();
        assertThat(first.granted()).isEqualTo(3);
        assertThat(first.remaining()).isEqualTo(2);

        TokenBucket.Decision second = bucket.take(key, policy, 3).block();
        assertThat(second.granted()).isEqualTo(2);
        assertThat(second.remaining()).isZero();
        assertThat(second.fullInMillis()).isBetween(9_000L, 10_000L);

        TokenBucket.Decision refused = bucket.take(key, policy, 3).block();
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.granted()).isZero();
        assertThat(refused.retryAfterMillis()).isBetween(1L, 2_000L);
    }
}
