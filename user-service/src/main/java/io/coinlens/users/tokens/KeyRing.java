package io.coinlens.users.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The signing keys as of one moment, newest first, and the rules of rotation: the newest key whose time has come
 * signs; a key stays published until every token it signed has expired; a key is due for replacement when the
 * newest one is older than the rotation period, and at once when none can sign.
 */
public final class KeyRing {

    public enum Rotation {
        /** Nothing to do. */
        NONE,
        /** Make a successor that starts signing after it has been published for a while. */
        SCHEDULED,
        /** No key can sign: make one that signs now. */
        IMMEDIATE
    }

    static final KeyRing EMPTY = new KeyRing(List.of());

    private final List<SigningKey> keys;

    KeyRing(List<SigningKey> keys) {
        this.keys = keys.stream().sorted(Comparator.comparing(SigningKey::activatesAt).reversed()).toList();
    }

    /** The key that signs at {@code now}: the most recently activated one, if this process holds its private half. */
    public Optional<SigningKey> signing(Instant now) {
        return keys.stream().filter(k -> !k.activatesAt().isAfter(now)).findFirst().filter(SigningKey::canSign);
    }

    /**
     * Keys in the JWKS: all that are current or upcoming, and retired ones until {@code tokenLifetime} (access-token
     * TTL plus clock skew) after their successor took over.
     */
    public List<SigningKey> published(Instant now, Duration tokenLifetime) {
        return keys.stream().filter(k -> k.retiredAt() == null || k.retiredAt().plus(tokenLifetime).isAfter(now)).toList();
    }

    public Optional<SigningKey> verifying(String kid, Instant now, Duration tokenLifetime) {
        return published(now, tokenLifetime).stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    public Rotation due(Instant now, Duration rotationPeriod) {
        if (keys.isEmpty() || signing(now).isEmpty() || !keys.get(0).canSign()) {
            return Rotation.IMMEDIATE;
        }
        return keys.get(0).activatesAt().plus(rotationPeriod).isAfter(now) ? Rotation.NONE : Rotation.SCHEDULED;
    }

    List<SigningKey> keys() {
        return keys;
    }
}
