package io.coinlens.users.auth;

import io.coinlens.users.account.User;
import io.coinlens.users.account.UserRepository;
import io.coinlens.users.audit.AuditAction;
import io.coinlens.users.audit.AuditLog;
import io.coinlens.users.tokens.AccessTokens;
import io.coinlens.users.tokens.RefreshTokenRepository;
import io.coinlens.users.tokens.RefreshTokenRepository.Rotation;
import io.coinlens.users.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Sessions: login, refresh-token rotation with reuse detection, logout. */
@Service
public class AuthService {

    private static final Logger log = LoggerFactory.getLogger(AuthService.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final RefreshTokenRepository families;
    private final AccessTokens accessTokens;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final Clock clock;

    AuthService(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, RefreshTokenRepository families,
            AccessTokens accessTokens, AuditLog audit, TransactionalOperator tx, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.families = families;
        this.accessTokens = accessTokens;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Throttled per account and address before any work; an unknown email costs the same hash comparison as a wrong
     * password and gets the same answer, so neither timing nor wording tells whether an account exists.
     */
    public Mono<TokenResponse> login(Credentials credentials, String clientAddress) {
        String email = credentials.email().trim();
        String password = PasswordPolicy.normalize(credentials.password());
        return throttle.retryAfter(email, clientAddress)
                .flatMap(wait -> wait.isZero() ? Mono.just(wait) : Mono.error(ApiProblem.tooManyRequests(wait)))
                .then(users.findByEmail(email).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(user -> hasher.matches(password, user.map(User::passwordHash).orElse(null))
                        .flatMap(matches -> matches
                                ? succeed(user.get(), password, clientAddress)
                                : fail(email, user.map(User::id).orElse(null), clientAddress)));
    }

    private Mono<TokenResponse> succeed(User user, String password, String clientAddress) {
        return throttle.recordSuccess(user.email())
                .then(tx.transactional(families.startFamily(user.id())
                        .flatMap(issued -> audit.record(AuditAction.LOGIN_SUCCEEDED, user.id(), clientAddress)
                                .thenReturn(issued))))
                .flatMap(issued -> rehashIfWeak(user, password).thenReturn(issued))
                .map(issued -> tokens(user, issued));
    }

    private Mono<TokenResponse> fail(String email, UUID userId, String clientAddress) {
        return audit.record(AuditAction.LOGIN_FAILED, userId, clientAddress,
                        Map.of("reason", userId == null ? "unknown account" : "wrong password"))
                .then(throttle.recordFailure(email, clientAddress))
                .then(Mono.error(() -> ApiProblem.unauthorized("The email address or password is wrong.")));
    }

    /** Hashes made under older, weaker parameters are replaced while the plain password is at hand. */
    private Mono<Void> rehashIfWeak(User user, String password) {
        if (!hasher.needsRehash(user.passwordHash())) {
            return Mono.empty();
        }
        return hasher.hash(password)
                .flatMap(hash -> users.updatePasswordHash(user.id(), hash, clock.instant()))
                .onErrorResume(e -> {
                    log.warn("Could not upgrade the password hash of user {}: {}", user.id(), e.toString());
                    return Mono.empty();
                });
    }

    /**
     * Exchanges a refresh token for new tokens. A token that was already used revokes its whole family (the
     * legitimate client and the thief both lose it) and is audited; that happens in its own committed transaction
     * before the 401 goes out.
     */
    public Mono<TokenResponse> refresh(String refreshToken, String clientAddress) {
        return tx.transactional(families.rotate(refreshToken).flatMap(rotation -> {
                    if (rotation instanceof Rotation.Rotated rotated) {
                        return users.findById(rotated.next().userId()).map(user -> Optional.of(tokens(user, rotated.next())));
                    }
                    if (rotation instanceof Rotation.Reused reused) {
                        return audit.record(AuditAction.REFRESH_TOKEN_REUSED, reused.userId(), clientAddress,
                                        Map.of("familyId", reused.familyId().toString()))
                                .thenReturn(Optional.<TokenResponse>empty());
                    }
                    return Mono.just(Optional.<TokenResponse>empty());
                }))
                .flatMap(Mono::justOrEmpty)
                .switchIfEmpty(Mono.error(() -> ApiProblem.unauthorized("The refresh token is invalid, expired or revoked.")));
    }

    public Mono<Void> logout(UUID userId, UUID familyId, String clientAddress) {
        return tx.transactional(families.revokeFamily(userId, familyId, "logout")
                .then(audit.record(AuditAction.LOGGED_OUT, userId, clientAddress)));
    }

    public Mono<Void> logoutEverywhere(UUID userId, String clientAddress) {
        return tx.transactional(families.revokeAllFamilies(userId, "logout everywhere")
                .flatMap(ended -> audit.record(AuditAction.LOGGED_OUT_EVERYWHERE, userId, clientAddress,
                        Map.of("sessionsEnded", ended))));
    }

    private TokenResponse tokens(User user, RefreshTokenRepository.Issued refresh) {
        AccessTokens.Issued access = accessTokens.issue(user.id(), user.role(), refresh.familyId());
        return TokenResponse.bearer(access.value(), refresh.token(), access.expiresIn());
    }
}
