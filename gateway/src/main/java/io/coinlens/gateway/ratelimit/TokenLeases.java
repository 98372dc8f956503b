package io.coinlens.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.coinlens.gateway.config.GatewayProperties;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tokens taken from the shared Redis bucket a few at a time and spent locally, so that a busy client costs one Redis
 * round trip per lease instead of one per request (the round trip was nearly half the gateway's CPU per request,
 * BENCHMARKS-gateway.md). Every token spent was first taken from Redis, so replicas together never allow more than
 * the bucket holds; the price is that tokens leased and not used within {@link #TERM} are forfeited, which only
 * makes the limit stricter. The lease doubles while leases run out within their term (1, 2, 4, ... up to the
 * policy's {@code lease}) and otherwise is what the last one was used for, so a slow client leases one token at a
 * time and forfeits nothing, and a client that slows down forfeits at most what it just used.
 * A policy with {@code lease: 1} asks Redis for every request, as before.
 */
public final class TokenLeases {

    /** How long leased tokens may be spent. */
    static final Duration TERM = Duration.ofSeconds(1);

    /** Asks the shared bucket for up to {@code tokens} tokens. */
    @FunctionalInterface
    public interface Bucket {
        Mono<TokenBucket.Decision> take(String key, GatewayProperties.Policy policy, int tokens);
    }

    private final Bucket bucket;
    private final LongSupplier nanoTime;
    private final Cache<String, Lease> leases;

    public TokenLeases(Bucket bucket, LongSupplier nanoTime, long maximumKeys) {
        this.bucket = bucket;
        this.nanoTime = nanoTime;
        // Upkeep on the calling thread: on the common pool it woke a thread every few requests.
        this.leases = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumKeys)
                .expireAfterAccess(TERM.multipliedBy(5)).build();
    }

    /** A token of the current lease, or null (no lease, spent, or expired): no Redis, no thread hop. */
    public TokenBucket.Decision spendLocally(String key) {
        Lease lease = leases.getIfPresent(key);
        return lease == null ? null : lease.spend(nanoTime.getAsLong());
    }

    /** Drops every lease, e.g. after the buckets in Redis were reset: what was leased is not spent. */
    public void forgetAll() {
        leases.invalidateAll();
    }

    /**
     * The decision for a request that {@link #spendLocally} could not serve: a new lease from Redis, sized by use
     * (or exactly one token when the policy does not lease).
     */
    public Mono<TokenBucket.Decision> lease(String key, GatewayProperties.Policy policy) {
        if (policy.lease() <= 1) {
            return bucket.take(key, policy, 1);
        }
        Lease lease = leases.get(key, k -> new Lease());
        int size = lease.nextSize(nanoTime.getAsLong(), policy.lease());
        return bucket.take(key, policy, size).map(decision -> lease.granted(decision, nanoTime.getAsLong()));
    }

    static final class Lease {

        private long tokens;
        private long used;
        private int size = 1;
        private long expiresAt;
        private long grantedAt;
        private long redisRemaining;
        private long fullInMillis;

        synchronized TokenBucket.Decision spend(long now) {
            if (tokens == 0 || now - expiresAt >= 0) {
                return null;
            }
            tokens--;
            used++;
            long elapsedMillis = (now - grantedAt) / 1_000_000;
            return new TokenBucket.Decision(true, 1, redisRemaining + tokens, 0,
                    Math.max(0, fullInMillis - elapsedMillis));
        }

        /** Doubles when a lease ran out within its term; after the term, what the last one was used for. */
        synchronized int nextSize(long now, int maximum) {
            if (used > 0) {
                boolean withinTerm = now - expiresAt < 0;
                size = (int) Math.max(1, Math.min(maximum, withinTerm ? (long) size * 2 : used));
            }
            return Math.min(size, maximum);
        }

        synchronized TokenBucket.Decision granted(TokenBucket.Decision decision, long now) {
            if (!decision.allowed()) {
                return decision;
            }
            // Concurrent requests may each have leased: what is left of a live lease is kept.
            long left = now - expiresAt < 0 ? tokens : 0;
            tokens = left + decision.granted() - 1;
            used = left > 0 ? used + 1 : 1;
            expiresAt = now + TERM.toNanos();
            grantedAt = now;
            redisRemaining = decision.remaining();
            fullInMillis = decision.fullInMillis();
            return new TokenBucket.Decision(true, 1, redisRemaining + tokens, 0, fullInMillis);
        }
    }
}
