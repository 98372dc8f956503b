package io.coinlens.users.tokens;

import io.coinlens.users.audit.AuditAction;
import io.coinlens.users.audit.AuditLog;
import io.coinlens.users.config.UserProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This instance's view of the signing keys, reloaded from PostgreSQL on a schedule and whenever a token names a key
 * it has not seen (another instance rotated). Every instance checks whether rotation is due; an advisory lock lets
 * one of them do it. Before the service takes traffic there is always a key it can sign with.
 */
@Component
public class SigningKeys implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(1);
    /** Retired keys are kept a day past their publication, for investigation. */
    private static final Duration KEEP_AFTER_PUBLICATION = Duration.ofDays(1);

    private final SigningKeyRepository repository;
    private final TransactionalOperator tx;
    private final AuditLog audit;
    private final Clock clock;
    private final UserProperties.Keys settings;
    private final Duration tokenLifetime;
    private final AtomicReference<KeyRing> ring = new AtomicReference<>(KeyRing.EMPTY);
    private final AtomicLong lastReload = new AtomicLong();
    private volatile Disposable checks;

    SigningKeys(SigningKeyRepository repository, TransactionalOperator tx, AuditLog audit, Clock clock,
            UserProperties properties) {
        this.repository = repository;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.settings = properties.keys();
        this.tokenLifetime = properties.tokens().accessTokenTtl().plus(properties.tokens().clockSkew());
    }

    /** The key to sign with now, if any. */
    public Optional<SigningKey> current() {
        return ring.get().signing(clock.instant());
    }

    /** What {@code /.well-known/jwks.json} lists. */
    public List<SigningKey> published() {
        return ring.get().published(clock.instant(), tokenLifetime);
    }

    /** The published key with this id, reloading first (at most once a second) if this instance does not know it. */
    public Mono<SigningKey> verifying(String kid) {
        Optional<SigningKey> known = ring.get().verifying(kid, clock.instant(), tokenLifetime);
        if (known.isPresent()) {
            return Mono.just(known.get());
        }
        long now = clock.millis();
        long last = lastReload.get();
        if (now - last < MIN_RELOAD_INTERVAL.toMillis() || !lastReload.compareAndSet(last, now)) {
            return Mono.empty();
        }
        return reload().flatMap(r -> Mono.justOrEmpty(r.verifying(kid, clock.instant(), tokenLifetime)));
    }

    /** Rotates if due (or now, if forced) and reloads; emits the new key if this call made one. */
    public Mono<SigningKey> rotate(boolean force, UUID actor) {
        return tx.transactional(repository.tryLockForRotation()
                        .filter(locked -> locked)
                        .flatMap(locked -> rotateLocked(force, actor)))
                .flatMap(key -> reload().thenReturn(key))
                .switchIfEmpty(reload().then(Mono.empty()));
    }

    private Mono<SigningKey> rotateLocked(boolean force, UUID actor) {
        Instant now = clock.instant();
        return repository.findAll().collectList().map(KeyRing::new).flatMap(current -> {
            KeyRing.Rotation due = current.due(now, settings.rotationPeriod());
            if (due == KeyRing.Rotation.NONE && !force) {
                return Mono.empty();
            }
            Instant activatesAt = force || due == KeyRing.Rotation.IMMEDIATE ? now : now.plus(settings.publishAhead());
            SigningKey key = SigningKey.generate(activatesAt);
            String reason = force ? "requested" : due.name().toLowerCase();
            return repository.insert(key, now)
                    .then(repository.retireAllBut(key.kid(), activatesAt))
                    .then(repository.deleteRetiredBefore(now.minus(tokenLifetime).minus(KEEP_AFTER_PUBLICATION)))
                    .then(audit.record(AuditAction.SIGNING_KEY_ROTATED, actor, null,
                            Map.of("kid", key.kid(), "activatesAt", activatesAt.toString(), "reason", reason)))
                    .doOnSuccess(done -> log.info("New signing key {} ({}), signs from {}", key.kid(), reason, activatesAt))
                    .thenReturn(key);
        });
    }

    Mono<KeyRing> reload() {
        return repository.findAll().collectList().map(KeyRing::new).doOnNext(loaded -> {
            lastReload.set(clock.millis());
            ring.set(loaded);
        });
    }

    @Override
    public void start() {
        // Instances starting together: the one holding the lock makes the key, the others see it a moment later.
        for (int attempt = 1; current().isEmpty(); attempt++) {
            rotate(false, null).then().block(Duration.ofSeconds(30));
            if (current().isEmpty() && attempt == 10) {
                throw new IllegalStateException("no signing key can sign after start-up rotation");
            }
            if (current().isEmpty()) {
                Mono.delay(Duration.ofMillis(500)).block();
            }
        }
        checks = Flux.interval(settings.checkInterval(), settings.checkInterval())
                .onBackpressureDrop()
                .concatMap(tick -> rotate(false, null).then().onErrorResume(e -> {
                    log.warn("Signing-key check failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = checks;
        if (running != null) {
            running.dispose();
        }
        checks = null;
    }

    @Override
    public boolean isRunning() {
        return checks != null;
    }

    /** Before the web server, so no request finds the ring empty. */
    @Override
    public int getPhase() {
        return 0;
    }
}
