package io.coinlens.users.account;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code users}. */
public record User(UUID id, String email, String passwordHash, String role, String displayName, Instant createdAt,
        Instant updatedAt) {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";
}
