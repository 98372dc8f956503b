package io.coinlens.users.account;

import io.coinlens.contracts.UserDeleted;
import io.coinlens.contracts.UserRegistered;
import io.coinlens.users.audit.AuditAction;
import io.coinlens.users.audit.AuditLog;
import io.coinlens.users.auth.LoginThrottle;
import io.coinlens.users.auth.PasswordHasher;
import io.coinlens.users.auth.PasswordPolicy;
import io.coinlens.users.config.UserProperties;
import io.coinlens.users.outbox.Outbox;
import io.coinlens.users.tokens.RefreshTokenRepository;
import io.coinlens.users.web.ApiProblem;
import io.coinlens.users.web.ApiProblem.FieldProblem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accounts: sign-up, profile, preferences, password change and deletion. Every change that others must hear of
 * (registration, deletion) writes its event to the outbox in the same transaction as the change itself.
 */
@Service
public class AccountService {

    private static final int MAX_DISPLAY_NAME = 100;
    /** Control characters and bidirectional overrides, which can make a name display as something else. */
    private static final Pattern UNSAFE_TEXT = Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]");

    private final UserRepository users;
    private final PreferencesRepository preferences;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final RefreshTokenRepository families;
    private final AuditLog audit;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final UserProperties.Preferences settings;
    private final Set<String> zoneIds = ZoneId.getAvailableZoneIds();

    AccountService(UserRepository users, PreferencesRepository preferences, PasswordPolicy policy, PasswordHasher hasher,
            LoginThrottle throttle, RefreshTokenRepository families, AuditLog audit, Outbox outbox,
            TransactionalOperator tx, Clock clock, UserProperties properties) {
        this.users = users;
        this.preferences = preferences;
        this.policy = policy;
        this.hasher = hasher;
        this.throttle = throttle;
        this.families = families;
        this.audit = audit;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.settings = properties.preferences();
    }

    public Mono<Profile> register(Registration registration, String clientAddress) {
        return Mono.defer(() -> registerChecked(registration, clientAddress));
    }

    private Mono<Profile> registerChecked(Registration registration, String clientAddress) {
        String email = registration.email().trim();
        String displayName = displayName(registration.displayName());
        policy.problem(registration.password(), email).ifPresent(problem -> {
            throw ApiProblem.invalidField("password", problem);
        });
        Instant now = clock.instant();
        return hasher.hash(PasswordPolicy.normalize(registration.password()))
                .map(hash -> new User(UUID.randomUUID(), email, hash, User.ROLE_USER, displayName, now, now))
                .flatMap(user -> tx.transactional(users.insert(user)
                                .then(preferences.save(user.id(), defaultPreferences(), now))
                                .then(audit.record(AuditAction.REGISTERED, user.id(), clientAddress))
                                .then(outbox.add(new UserRegistered(user.id().toString(), now.toEpochMilli()))))
                        .thenReturn(Profile.of(user)))
                .onErrorMap(DuplicateKeyException.class,
                        e -> ApiProblem.conflict("An account with this email address already exists."));
    }

    public Mono<Profile> profile(UUID userId) {
        return existing(userId).map(Profile::of);
    }

    public Mono<Profile> updateProfile(UUID userId, ProfileUpdate update, String clientAddress) {
        if (update.displayName() == null) {
            return profile(userId);
        }
        return Mono.fromSupplier(() -> Optional.ofNullable(displayName(update.displayName())))
                .flatMap(displayName -> tx.transactional(users.updateDisplayName(userId, displayName.orElse(null), clock.instant())
                        .flatMap(user -> audit.record(AuditAction.PROFILE_UPDATED, userId, clientAddress).thenReturn(user))))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("The account no longer exists.")))
                .map(Profile::of);
    }

    /** Replaces the password and ends every session, this one included: the client must log in again. */
    public Mono<Void> changePassword(UUID userId, PasswordChange change, String clientAddress) {
        return reauthenticate(userId, change.currentPassword(), "currentPassword", AuditAction.PASSWORD_CHANGE_FAILED,
                clientAddress)
                .flatMap(user -> {
                    policy.problem(change.newPassword(), user.email()).ifPresent(problem -> {
                        throw ApiProblem.invalidField("newPassword", problem);
                    });
                    return hasher.hash(PasswordPolicy.normalize(change.newPassword()));
                })
                .flatMap(hash -> tx.transactional(users.updatePasswordHash(userId, hash, clock.instant())
                        .then(families.revokeAllFamilies(userId, "password changed"))
                        .flatMap(ended -> audit.record(AuditAction.PASSWORD_CHANGED, userId, clientAddress,
                                Map.of("sessionsEnded", ended)))));
    }

    public Mono<Preferences> preferences(UUID userId) {
        return preferences.find(userId).switchIfEmpty(Mono.fromSupplier(this::defaultPreferences));
    }

    public Mono<Preferences> updatePreferences(UUID userId, Preferences update) {
        List<FieldProblem> problems = new ArrayList<>();
        String currency = update.quoteCurrency().trim().toUpperCase(Locale.ROOT);
        if (!settings.quoteCurrencies().contains(currency)) {
            problems.add(new FieldProblem("quoteCurrency", "must be one of " + String.join(", ", settings.quoteCurrencies())));
        }
        if (!zoneIds.contains(update.timeZone())) {
            problems.add(new FieldProblem("timeZone", "must be an IANA time zone such as Europe/Berlin"));
        }
        if (!problems.isEmpty()) {
            return Mono.error(ApiProblem.invalidFields(problems));
        }
        Preferences cleaned = new Preferences(currency, update.timeZone(), update.notifications());
        return existing(userId).flatMap(user -> preferences.save(userId, cleaned, clock.instant()));
    }

    /**
     * Deletes the account and everything of it in this service, keeping audit rows (they hold only the id), and
     * announces {@link UserDeleted} so every other service erases the user's data too.
     */
    public Mono<Void> delete(UUID userId, AccountDeletion deletion, String clientAddress) {
        return reauthenticate(userId, deletion.password(), "password", AuditAction.ACCOUNT_DELETION_FAILED, clientAddress)
                .flatMap(user -> tx.transactional(users.delete(userId)
                        .then(audit.record(AuditAction.ACCOUNT_DELETED, userId, clientAddress))
                        .then(outbox.add(new UserDeleted(userId.toString(), clock.millis())))))
                .then(Mono.empty());
    }

    /**
     * Checks the password of a signed-in user before a sensitive change. Wrong guesses count against the same
     * throttle as logins, so a stolen access token cannot be used to guess the password here.
     */
    private Mono<User> reauthenticate(UUID userId, String password, String field, AuditAction failure,
            String clientAddress) {
        return existing(userId).flatMap(user -> throttle.retryAfter(user.email(), clientAddress)
                .flatMap(wait -> wait.isZero() ? Mono.just(user) : Mono.error(ApiProblem.tooManyRequests(wait))))
                .flatMap(user -> hasher.matches(PasswordPolicy.normalize(password), user.passwordHash())
                        .flatMap(matches -> {
                            if (matches) {
                                return Mono.just(user);
                            }
                            return audit.record(failure, userId, clientAddress, Map.of("reason", "wrong password"))
                                    .then(throttle.recordFailure(user.email(), clientAddress))
                                    .then(Mono.error(ApiProblem.invalidField(field, "is not your current password")));
                        }));
    }

    private Mono<User> existing(UUID userId) {
        return users.findById(userId).switchIfEmpty(Mono.error(() -> ApiProblem.notFound("The account no longer exists.")));
    }

    private Preferences defaultPreferences() {
        return new Preferences(settings.defaultQuoteCurrency(), settings.defaultTimeZone(),
                new Preferences.Notifications(true, false, true, false));
    }

    /** Trimmed; blank means none. */
    private static String displayName(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String trimmed = raw.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_DISPLAY_NAME) {
            throw ApiProblem.invalidField("displayName", "must be at most " + MAX_DISPLAY_NAME + " characters long");
        }
        if (UNSAFE_TEXT.matcher(trimmed).find()) {
            throw ApiProblem.invalidField("displayName", "must not contain control or text-direction characters");
        }
        return trimmed;
    }
}
