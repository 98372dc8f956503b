package io.coinlens.users.audit;

/** What the audit log records. Stored by name: never rename a constant, only add. */
public enum AuditAction {
    REGISTERED,
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    LOGGED_OUT,
    LOGGED_OUT_EVERYWHERE,
    REFRESH_TOKEN_REUSED,
    PASSWORD_CHANGED,
    PASSWORD_CHANGE_FAILED,
    PROFILE_UPDATED,
    ACCOUNT_DELETED,
    ACCOUNT_DELETION_FAILED,
    SIGNING_KEY_ROTATED
}
