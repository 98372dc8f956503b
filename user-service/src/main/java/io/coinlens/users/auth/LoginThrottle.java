package io.coinlens.users.auth;

import io.coinlens.users.config.UserProperties;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Counts failed logins per account and per client address in Redis and locks either out for a while with
 * exponential {@link Backoff}. The lock expires on its own and is capped, so an attacker can slow a victim down but
 * never lock them out for long; counters are forgotten {@code failureMemory} after the last failure. Accounts are
 * keyed by a hash of the email, so Redis holds no addresses, and unknown emails are counted like known ones.
 */
@Component
public class LoginThrottle {

    private static final String PREFIX = "coinlens:users:login:";
    private static final RedisScript<Long> COUNT_FAILURE = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return n""", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final Backoff perAccount;
    private final Backoff perAddress;
    private final Duration failureMemory;

    LoginThrottle(ReactiveStringRedisTemplate redis, Clock clock, UserProperties properties) {
        UserProperties.Throttle settings = properties.throttle();
        this.redis = redis;
        this.clock = clock;
        this.perAccount = new Backoff(settings.accountFreeFailures(), settings.baseDelay(), settings.maxDelay());
        this.perAddress = new Backoff(settings.addressFreeFailures(), settings.baseDelay(), settings.maxDelay());
        this.failureMemory = settings.failureMemory().compareTo(settings.maxDelay()) > 0 ? settings.failureMemory() : settings.maxDelay();
    }

    /** How long to wait before trying again; zero if a login may be attempted now. */
    public Mono<Duration> retryAfter(String email, String address) {
        return redis.opsForValue().multiGet(List.of(lockKey(accountKey(email)), lockKey(addressKey(address))))
                .map(untils -> untils.stream()
                        .filter(until -> until != null)
                        .mapToLong(Long::parseLong)
                        .map(until -> until - clock.millis())
                        .max().orElse(0))
                .map(wait -> wait > 0 ? Duration.ofMillis(wait) : Duration.ZERO);
    }

    /** Counts a failure against both; returns the lockout it caused (zero if none). */
    public Mono<Duration> recordFailure(String email, String address) {
        return Flux.concat(fail(accountKey(email), perAccount), fail(addressKey(address), perAddress))
                .reduce((a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** A successful login clears the account's failures (not the address's: one good account must not reset them). */
    public Mono<Void> recordSuccess(String email) {
        String key = accountKey(email);
        return redis.delete(key, lockKey(key)).then();
    }

    private Mono<Duration> fail(String key, Backoff backoff) {
        return redis.execute(COUNT_FAILURE, List.of(key), List.of(Long.toString(failureMemory.toMillis())))
                .next()
                .flatMap(failures -> {
                    Duration lockout = backoff.lockoutAfter(failures);
                    if (lockout.isZero()) {
                        return Mono.just(lockout);
                    }
                    String until = Long.toString(clock.millis() + lockout.toMillis());
                    return redis.opsForValue().set(lockKey(key), until, lockout).thenReturn(lockout);
                });
    }

    private static String accountKey(String email) {
        return PREFIX + "account:" + sha256(email.trim().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return PREFIX + "address:" + address;
    }

    private static String lockKey(String counterKey) {
        return counterKey + ":locked-until";
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
