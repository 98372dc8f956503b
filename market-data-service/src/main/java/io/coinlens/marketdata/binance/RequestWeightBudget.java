package io.coinlens.marketdata.binance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Binance's per-IP request weight, shared by every replica through Redis: a counter per UTC minute. A caller that
 * would exceed the budget waits for the next minute; after a 429 or 418 every replica waits out the back-off.
 */
public class RequestWeightBudget {

    private static final Logger log = LoggerFactory.getLogger(RequestWeightBudget.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final String BACKOFF_KEY = "md:binance:backoff-until";
    /**
     * After a 429: the connector does not pass on Binance's {@code Retry-After}; for the per-minute weight limit that
     * is at most the rest of the minute, so a full minute always covers it.
     */
    static final Duration BACKOFF = Duration.ofSeconds(60);

    /** How a caller waits; a test's clock moves instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final ReactiveStringRedisTemplate redis;
    private final int perMinute;
    private final Clock clock;
    private final Sleeper sleeper;

    public RequestWeightBudget(ReactiveStringRedisTemplate redis, int perMinute, Clock clock) {
        this(redis, perMinute, clock, Thread::sleep);
    }

    public RequestWeightBudget(ReactiveStringRedisTemplate redis, int perMinute, Clock clock, Sleeper sleeper) {
        this.redis = redis;
        this.perMinute = perMinute;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Blocks (never on an event loop: callers run on the connector's threads) until {@code weight} may be spent. */
    public void acquire(int weight) {
        while (true) {
            long now = clock.millis();
            String backoffUntil = redis.opsForValue().get(BACKOFF_KEY).block(TIMEOUT);
            if (backoffUntil != null && Long.parseLong(backoffUntil) > now) {
                sleep(Long.parseLong(backoffUntil) - now);
                continue;
            }
            long minute = now / 60_000;
            String key = "md:binance:weight:" + minute;
            Long used = redis.opsForValue().increment(key, weight).block(TIMEOUT);
            redis.expire(key, Duration.ofMinutes(2)).subscribe();
            if (used != null && used <= perMinute) {
                return;
            }
            log.warn("request weight budget of {} per minute is spent; waiting for the next minute", perMinute);
            sleep((minute + 1) * 60_000 - now);
        }
    }

    /**
     * What Binance counted for this IP in the current minute ({@code X-MBX-USED-WEIGHT-1M}): other clients behind the
     * same address spend from the same limit, so the shared counter is raised to it when it is lower.
     */
    public void observe(int usedThisMinute) {
        long minute = clock.millis() / 60_000;
        String key = "md:binance:weight:" + minute;
        String ours = redis.opsForValue().get(key).block(TIMEOUT);
        long behind = usedThisMinute - (ours == null ? 0 : Long.parseLong(ours));
        if (behind > 0) {
            redis.opsForValue().increment(key, behind).block(TIMEOUT);
            redis.expire(key, Duration.ofMinutes(2)).subscribe();
        }
    }

    /** After a 429: every replica waits {@link #BACKOFF}. */
    public void backOff() {
        backOffUntil(clock.millis() + BACKOFF.toMillis(), "Binance refused a request for its rate limit");
    }

    /**
     * Every replica waits until {@code untilMillis} (a ban's end), or longer if a back-off already holds longer: a
     * shorter one must not cut a ban short.
     */
    public void backOffUntil(long untilMillis, String why) {
        long now = clock.millis();
        String current = redis.opsForValue().get(BACKOFF_KEY).block(TIMEOUT);
        long until = current == null ? untilMillis : Math.max(untilMillis, Long.parseLong(current));
        if (until <= now) {
            return;
        }
        redis.opsForValue().set(BACKOFF_KEY, Long.toString(until), Duration.ofMillis(until - now)).block(TIMEOUT);
        log.warn("{}; every replica backs off until {}", why, Instant.ofEpochMilli(until));
    }

    private void sleep(long millis) {
        try {
            sleeper.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for request weight", e);
        }
    }
}
