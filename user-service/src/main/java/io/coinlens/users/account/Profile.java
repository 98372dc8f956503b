package io.coinlens.users.account;

import java.time.Instant;
import java.util.UUID;

/** What a user sees of their own account. */
public record Profile(UUID id, String email, String displayName, String role, Instant createdAt) {

    static Profile of(User user) {
        return new Profile(user.id(), user.email(), user.displayName(), user.role(), user.createdAt());
    }
}
