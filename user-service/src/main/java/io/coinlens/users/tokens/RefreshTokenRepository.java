package io.coinlens.users.tokens;

import io.coinlens.users.config.UserProperties;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Refresh tokens grouped in families, one family per login. Each use of a token marks it used and issues its
 * successor in the same family; presenting a used token again means it was copied, so the whole family is revoked.
 * Access tokens carry their family's id ({@code sid}), so revoking a family also ends its access tokens here.
 * Callers run these inside a transaction.
 */
@Repository
public class RefreshTokenRepository {

    /** A refresh token for the client; only its hash is stored. */
    public record Issued(UUID userId, UUID familyId, String token) {
    }

    /** What presenting a refresh token led to. */
    public sealed interface Rotation {
        record Rotated(Issued next) implements Rotation {
        }

        record Reused(UUID userId, UUID familyId) implements Rotation {
        }

        record Rejected() implements Rotation {
        }
    }

    private final DatabaseClient db;
    private final Clock clock;
    private final Duration tokenTtl;
    private final Duration sessionLifetime;

    RefreshTokenRepository(DatabaseClient db, Clock clock, UserProperties properties) {
        this.db = db;
        this.clock = clock;
        this.tokenTtl = properties.tokens().refreshTokenTtl();
        this.sessionLifetime = properties.tokens().sessionLifetime();
    }

    public Mono<Issued> startFamily(UUID userId) {
        UUID familyId = UUID.randomUUID();
        Instant now = clock.instant();
        Instant familyExpires = now.plus(sessionLifetime);
        return db.sql("insert into token_families (id, user_id, created_at, expires_at) values (:id, :userId, :now, :expires)")
                .bind("id", familyId).bind("userId", userId).bind("now", now).bind("expires", familyExpires)
                .then()
                .then(issue(userId, familyId, now, familyExpires));
    }

    public Mono<Rotation> rotate(String token) {
        if (!TokenHashing.looksLikeToken(token)) {
            return Mono.just(new Rotation.Rejected());
        }
        byte[] hash = TokenHashing.sha256(token);
        Instant now = clock.instant();
        // Atomic claim: of two requests presenting the same token, exactly one gets the row.
        return db.sql("""
                update refresh_tokens t set used_at = :now
                from token_families f
                where t.token_hash = :hash and t.used_at is null and t.expires_at > :now
                  and f.id = t.family_id and f.revoked_at is null and f.expires_at > :now
                returning f.user_id, f.id, f.expires_at""")
                .bind("now", now).bind("hash", hash)
                .map(row -> new Claimed(row.get("user_id", UUID.class), row.get("id", UUID.class),
                        row.get("expires_at", Instant.class)))
                .one()
                .flatMap(claimed -> issue(claimed.userId(), claimed.familyId(), now, claimed.familyExpires())
                        .<Rotation>map(Rotation.Rotated::new))
                .switchIfEmpty(Mono.defer(() -> unclaimable(hash)));
    }

    private record Claimed(UUID userId, UUID familyId, Instant familyExpires) {
    }

    private record Known(UUID userId, UUID familyId, Instant usedAt) {
    }

    private Mono<Rotation> unclaimable(byte[] hash) {
        return db.sql("""
                select f.user_id, f.id, t.used_at from refresh_tokens t join token_families f on f.id = t.family_id
                where t.token_hash = :hash""")
                .bind("hash", hash)
                .map(row -> new Known(row.get("user_id", UUID.class), row.get("id", UUID.class),
                        row.get("used_at", Instant.class)))
                .one()
                .flatMap(known -> known.usedAt() == null
                        // Unused yet unclaimable: expired, or its family ended. Not an attack.
                        ? Mono.<Rotation>just(new Rotation.Rejected())
                        : revokeFamily(known.userId(), known.familyId(), "refresh token reused")
                                .thenReturn(new Rotation.Reused(known.userId(), known.familyId())))
                .defaultIfEmpty(new Rotation.Rejected());
    }

    /** @return whether a family was revoked by this call */
    public Mono<Boolean> revokeFamily(UUID userId, UUID familyId, String reason) {
        return db.sql("""
                update token_families set revoked_at = :now, revoked_reason = :reason
                where id = :id and user_id = :userId and revoked_at is null""")
                .bind("now", clock.instant()).bind("reason", reason).bind("id", familyId).bind("userId", userId)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** @return how many families were revoked */
    public Mono<Long> revokeAllFamilies(UUID userId, String reason) {
        return db.sql("""
                update token_families set revoked_at = :now, revoked_reason = :reason
                where user_id = :userId and revoked_at is null""")
                .bind("now", clock.instant()).bind("reason", reason).bind("userId", userId)
                .fetch().rowsUpdated();
    }

    /** Whether access tokens of this family are still honoured: not logged out, not revoked, not expired. */
    public Mono<Boolean> isActive(UUID userId, UUID familyId) {
        return db.sql("""
                select exists (select 1 from token_families
                               where id = :id and user_id = :userId and revoked_at is null and expires_at > :now)""")
                .bind("id", familyId).bind("userId", userId).bind("now", clock.instant())
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one();
    }

    /**
     * Forgets families that can no longer be used, with their tokens. A used token is kept while it is unexpired,
     * because that is how reuse is detected.
     */
    @Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
    Mono<Void> purgeExpired() {
        Instant now = clock.instant();
        return db.sql("delete from token_families where expires_at < :now or revoked_at < :revokedBefore")
                .bind("now", now).bind("revokedBefore", now.minus(tokenTtl))
                .then()
                .then(db.sql("delete from refresh_tokens where expires_at < :now").bind("now", now).then());
    }

    private Mono<Issued> issue(UUID userId, UUID familyId, Instant now, Instant familyExpires) {
        String token = TokenHashing.newToken();
        Instant expires = now.plus(tokenTtl);
        return db.sql("""
                insert into refresh_tokens (token_hash, family_id, issued_at, expires_at)
                values (:hash, :familyId, :now, :expires)""")
                .bind("hash", TokenHashing.sha256(token)).bind("familyId", familyId).bind("now", now)
                .bind("expires", expires.isBefore(familyExpires) ? expires : familyExpires)
                .then()
                .thenReturn(new Issued(userId, familyId, token));
    }
}
