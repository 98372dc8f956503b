-- Accounts. Emails are unique ignoring case; the address as typed is kept for display.
CREATE TABLE users (
    id                  uuid PRIMARY KEY,
    email               text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    password_hash       text        NOT NULL,
    role                text        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    display_name        text        CHECK (char_length(display_name) <= 100),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    password_changed_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE preferences (
    user_id             uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    quote_currency      text        NOT NULL,
    time_zone           text        NOT NULL,
    notify_email        boolean     NOT NULL,
    notify_push         boolean     NOT NULL,
    notify_price_alerts boolean     NOT NULL,
    notify_signals      boolean     NOT NULL,
    updated_at          timestamptz NOT NULL
);

-- One family per login; access tokens carry its id as "sid".
CREATE TABLE token_families (
    id             uuid PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text
);
CREATE INDEX token_families_user ON token_families (user_id) WHERE revoked_at IS NULL;

-- Only the SHA-256 of each refresh token. A used token is kept until it expires: that is how reuse is detected.
CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    family_id  uuid        NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Access-token signing keys. The private key is AES-GCM sealed under the key-encryption key named by kek_id,
-- which lives in configuration, never here.
CREATE TABLE signing_keys (
    kid          text PRIMARY KEY,
    algorithm    text        NOT NULL,
    public_key   bytea       NOT NULL,
    private_key  bytea       NOT NULL,
    kek_id       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    activates_at timestamptz NOT NULL,
    retired_at   timestamptz
);

-- Security events. No foreign key to users: rows outlive the account and name it by id only, never by email.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at    timestamptz NOT NULL,
    action         text        NOT NULL,
    user_id        uuid,
    client_address text,
    request_id     text,
    detail         jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_user ON audit_log (user_id, occurred_at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;

-- Events written in the same transaction as the change they announce; OutboxRelay publishes and deletes them.
CREATE TABLE outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      text        NOT NULL,
    event_key  text        NOT NULL,
    event_type text        NOT NULL,
    payload    bytea       NOT NULL,
    request_id text,
    created_at timestamptz NOT NULL DEFAULT now()
);
