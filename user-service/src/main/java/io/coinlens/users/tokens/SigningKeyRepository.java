package io.coinlens.users.tokens;

import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;

/** The {@code signing_keys} table: public halves in the clear, private halves sealed by {@link KeyEncryption}. */
@Repository
class SigningKeyRepository {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyRepository.class);

    private final DatabaseClient db;
    private final KeyEncryption encryption;

    SigningKeyRepository(DatabaseClient db, KeyEncryption encryption) {
        this.db = db;
        this.encryption = encryption;
    }

    Flux<SigningKey> findAll() {
        return db.sql("select kid, public_key, private_key, kek_id, activates_at, retired_at from signing_keys")
                .map(this::toKey)
                .all();
    }

    Mono<Void> insert(SigningKey key, Instant createdAt) {
        return db.sql("""
                insert into signing_keys (kid, algorithm, public_key, private_key, kek_id, created_at, activates_at)
                values (:kid, :alg, :publicKey, :privateKey, :kekId, :createdAt, :activatesAt)""")
                .bind("kid", key.kid())
                .bind("alg", SigningKey.ALGORITHM.getName())
                .bind("publicKey", key.publicKey().getEncoded())
                .bind("privateKey", encryption.seal(key.privateKey().getEncoded(), key.kid()))
                .bind("kekId", encryption.kekId())
                .bind("createdAt", createdAt)
                .bind("activatesAt", key.activatesAt())
                .then();
    }

    /** Every other key still in service stops signing when {@code successor} starts. */
    Mono<Void> retireAllBut(String successor, Instant at) {
        return db.sql("update signing_keys set retired_at = :at where kid <> :kid and (retired_at is null or retired_at > :at)")
                .bind("at", at).bind("kid", successor)
                .then();
    }

    Mono<Long> deleteRetiredBefore(Instant cutoff) {
        return db.sql("delete from signing_keys where retired_at < :cutoff").bind("cutoff", cutoff)
                .fetch().rowsUpdated();
    }

    /** Serialises rotation across instances for the rest of the current transaction; false if another holds it. */
    Mono<Boolean> tryLockForRotation() {
        return db.sql("select pg_try_advisory_xact_lock(:lock)").bind("lock", 0x636c2d6b65797321L)
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class))).one();
    }

    private SigningKey toKey(Readable row) {
        String kid = row.get("kid", String.class);
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(row.get("public_key", byte[].class)));
            ECPrivateKey privateKey = null;
            if (encryption.kekId().equals(row.get("kek_id", String.class))) {
                try {
                    byte[] pkcs8 = encryption.open(row.get("private_key", byte[].class), kid);
                    privateKey = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (IllegalArgumentException | GeneralSecurityException e) {
                    // Still verifies with its public half; the ring will find that nothing can sign and replace it.
                    log.error("The private half of signing key {} does not open; it will not sign", kid, e);
                }
            }
            return new SigningKey(kid, publicKey, privateKey, row.get("activates_at", Instant.class),
                    row.get("retired_at", Instant.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable public key of signing key " + kid, e);
        }
    }
}
