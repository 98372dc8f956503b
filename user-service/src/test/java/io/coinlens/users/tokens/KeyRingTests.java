package io.coinlens.users.tokens;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRingTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(16);

    private final SigningKey first = SigningKey.generate(T0);
    private final SigningKey firstRetiredAtT1 = retired(first, T0.plus(PERIOD));
    private final SigningKey second = SigningKey.generate(T0.plus(PERIOD));

    @Test
    void anEmptyRingNeedsAKeyAtOnce() {
        assertThat(KeyRing.EMPTY.due(T0, PERIOD)).isEqualTo(KeyRing.Rotation.IMMEDIATE);
        assertThat(KeyRing.EMPTY.signing(T0)).isEmpty();
    }

    @Test
    void theNewestActiveKeySigns() {
        KeyRing ring = new KeyRing(List.of(firstRetiredAtT1, second));
        assertThat(ring.signing(T0.plus(Duration.ofDays(1)))).contains(firstRetiredAtT1);
        assertThat(ring.signing(T0.plus(PERIOD))).contains(second);
    }

    @Test
    void anUpcomingKeyIsPublishedBeforeItSigns() {
        KeyRing ring = new KeyRing(List.of(firstRetiredAtT1, second));
        Instant beforeSwitch = T0.plus(PERIOD).minus(Duration.ofMinutes(5));
        assertThat(ring.published(beforeSwitch, TOKEN_LIFETIME)).containsExactly(second, firstRetiredAtT1);
        assertThat(ring.signing(beforeSwitch)).contains(firstRetiredAtT1);
    }

    @Test
    void aRetiredKeyStaysPublishedUntilItsTokensHaveExpired() {
        KeyRing ring = new KeyRing(List.of(firstRetiredAtT1, second));
        Instant switched = T0.plus(PERIOD);
        assertThat(ring.published(switched.plus(TOKEN_LIFETIME).minusSeconds(1), TOKEN_LIFETIME)).contains(firstRetiredAtT1);
        assertThat(ring.verifying(first.kid(), switched.plus(TOKEN_LIFETIME).minusSeconds(1), TOKEN_LIFETIME)).isPresent();
        assertThat(ring.published(switched.plus(TOKEN_LIFETIME), TOKEN_LIFETIME)).containsExactly(second);
        assertThat(ring.verifying(first.kid(), switched.plus(TOKEN_LIFETIME), TOKEN_LIFETIME)).isEmpty();
    }

    @Test
    void rotationIsDueWhenTheNewestKeyIsOlderThanThePeriod() {
        KeyRing ring = new KeyRing(List.of(first));
        assertThat(ring.due(T0.plus(PERIOD).minusSeconds(1), PERIOD)).isEqualTo(KeyRing.Rotation.NONE);
        assertThat(ring.due(T0.plus(PERIOD), PERIOD)).isEqualTo(KeyRing.Rotation.SCHEDULED);
        // Once a successor is scheduled, nothing more is due.
        assertThat(new KeyRing(List.of(firstRetiredAtT1, second)).due(T0.plus(PERIOD).minusSeconds(1), PERIOD))
                .isEqualTo(KeyRing.Rotation.NONE);
    }

    @Test
    void aKeyThisProcessCannotOpenIsReplacedAtOnceButStillVerifies() {
        SigningKey sealedElsewhere = new SigningKey(first.kid(), first.publicKey(), null, T0, null);
        KeyRing ring = new KeyRing(List.of(sealedElsewhere));
        assertThat(ring.signing(T0.plusSeconds(1))).isEmpty();
        assertThat(ring.due(T0.plusSeconds(1), PERIOD)).isEqualTo(KeyRing.Rotation.IMMEDIATE);
        assertThat(ring.verifying(first.kid(), T0.plusSeconds(1), TOKEN_LIFETIME)).contains(sealedElsewhere);
    }

    @Test
    void keyIdsAreThumbprintsAndDiffer() {
        assertThat(first.kid()).isEqualTo(first.publicJwk().getKeyID()).hasSize(43).isNotEqualTo(second.kid());
        assertThat(first.publicJwk().isPrivate()).isFalse();
        assertThat(first.publicJwk().getAlgorithm().getName()).isEqualTo("ES256");
    }

    private static SigningKey retired(SigningKey key, Instant at) {
        return new SigningKey(key.kid(), key.publicKey(), key.privateKey(), key.activatesAt(), at);
    }
}
