package io.coinlens.users.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

    private final Backoff backoff = new Backoff(5, Duration.ofSeconds(1), Duration.ofMinutes(15));

    @Test
    void letsTheFirstFailuresPass() {
        for (int failures = 0; failures < 5; failures++) {
            assertThat(backoff.lockoutAfter(failures)).isZero();
        }
    }

    @Test
    void doublesFromTheBaseDelay() {
        assertThat(backoff.lockoutAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.lockoutAfter(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.lockoutAfter(7)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.lockoutAfter(14)).isEqualTo(Duration.ofSeconds(512));
    }

    @Test
    void neverLocksLongerThanTheCap() {
        assertThat(backoff.lockoutAfter(15)).isEqualTo(Duration.ofMinutes(15));
        assertThat(backoff.lockoutAfter(70)).isEqualTo(Duration.ofMinutes(15));
        assertThat(backoff.lockoutAfter(Long.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aBaseAboveTheCapIsCapped() {
        assertThat(new Backoff(1, Duration.ofHours(1), Duration.ofMinutes(15)).lockoutAfter(1)).isEqualTo(Duration.ofMinutes(15));
    }
}
