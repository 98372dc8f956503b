package io.coinlens.gateway.ratelimit;

import io.coinlens.gateway.config.GatewayProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Token buckets kept in Redis, shared by every gateway replica. Our own script rather than Spring Cloud Gateway's
 * {@code request_rate_limiter.lua}: that one works in whole seconds and returns only the tokens left, while a
 * correct {@code Retry-After} and {@code X-RateLimit-Reset} need the time to the next token and to a full bucket.
 */
public final class TokenBucket implements TokenLeases.Bucket {

    /**
     * Read once, as text: a script made from a Resource checks the file's modification time on every call, under
     * the script's lock, and that file access on the event loop was what made the gateway slow (see
     * BENCHMARKS-gateway.md).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final RedisScript<List<Long>> SCRIPT = (RedisScript) RedisScript.of(load(), List.class);

    private final ReactiveStringRedisTemplate redis;

    private static String load() {
        try {
            return new ClassPathResource("scripts/token_bucket.lua").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TokenBucket(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * @param granted   tokens taken (0 when refused; more than 1 only when a lease asked for more)
     * @param remaining tokens left in the bucket after this
     */
    public record Decision(boolean allowed, long granted, long remaining, long retryAfterMillis, long fullInMillis) {
    }

    /** Takes up to {@code tokens} tokens (at least one, or none) from the bucket {@code key} of {@code policy}. */
    @Override
    public Mono<Decision> take(String key, GatewayProperties.Policy policy, int tokens) {
        String perMilli = BigDecimal.valueOf(policy.refillPerSecond()).movePointLeft(3).toPlainString();
        List<String> args = List.of(Integer.toString(policy.capacity()), perMilli, Integer.toString(tokens));
        return redis.execute(SCRIPT, List.of("coinlens:gateway:rate-limit:{" + key + "}"), args)
                .reduce(new ArrayList<Long>(), (all, part) -> {
                    all.addAll(part);
                    return all;
                })
                .map(result -> new Decision(result.get(0) > 0, result.get(0), result.get(1), result.get(2),
                        result.get(3)));
    }
}
