package io.coinlens.users.auth;

import io.coinlens.users.config.UserProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.UUID;

/**
 * Argon2id hashing off the event loop, on a small dedicated pool: each hash takes tens of milliseconds of CPU and
 * {@code memoryKib} of heap, so the pool bounds both, and its bounded queue makes an overload fail fast (503)
 * instead of piling up.
 */
@Component
public class PasswordHasher implements DisposableBean {

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private final Argon2PasswordEncoder encoder;
    private final Scheduler scheduler;
    /** Compared against when the account does not exist, so that case takes as long as a wrong password. */
    private final String decoy;

    PasswordHasher(UserProperties properties) {
        UserProperties.Passwords settings = properties.passwords();
        this.encoder = encoder(settings);
        this.scheduler = Schedulers.newBoundedElastic(settings.hashingThreads(), settings.hashingQueue(), "argon2", 60, true);
        this.decoy = encoder.encode(UUID.randomUUID().toString());
    }

    /** Argon2id (the only variant Spring's encoder makes) with a 128-bit salt and a 256-bit hash. */
    static Argon2PasswordEncoder encoder(UserProperties.Passwords settings) {
        return new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, settings.parallelism(), settings.memoryKib(),
                settings.iterations());
    }

    /** @param password already {@linkplain PasswordPolicy#normalize normalised} */
    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(scheduler);
    }

    /** False for a null hash, after the same work as a real comparison. */
    public Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> {
            if (hash == null) {
                encoder.matches(password, decoy);
                return false;
            }
            return encoder.matches(password, hash);
        }).subscribeOn(scheduler);
    }

    /** Whether a hash was made with weaker parameters than today's, so it should be replaced at the next login. */
    public boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
