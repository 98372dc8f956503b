-- Exchange API keys, sealed with AES-256-GCM under a master key named in each value; only a hint is kept in clear.
create table exchange_keys (
    id            uuid primary key,
    user_id       text        not null,
    exchange      text        not null check (exchange in ('binance')),
    label         text        not null default '',
    key_hint      text        not null,
    sealed_key    text        not null,
    sealed_secret text        not null,
    created_at    timestamptz not null,
    last_used_at  timestamptz
);
create index exchange_keys_by_user on exchange_keys (user_id);
comment on table exchange_keys is 'Users'' exchange API keys; sealed_* are <master key id>:<base64 nonce|ciphertext|tag>';
