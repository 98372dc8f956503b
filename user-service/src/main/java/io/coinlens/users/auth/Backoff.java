package io.coinlens.users.auth;

import java.time.Duration;

/**
 * How long a run of failures locks out: nothing for the first {@code freeFailures − 1}, then {@code base} doubling
 * with each further failure, never more than {@code max}.
 */
public record Backoff(int freeFailures, Duration base, Duration max) {

    public Duration lockoutAfter(long failures) {
        if (failures < freeFailures) {
            return Duration.ZERO;
        }
        long doublings = failures - freeFailures;
        if (doublings >= 62 || base.toMillis() > (max.toMillis() >> doublings)) {
            return max;
        }
        return base.multipliedBy(1L << doublings);
    }
}
