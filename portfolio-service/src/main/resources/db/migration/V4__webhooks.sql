-- Webhooks for alerts, and every delivery with its state, attempts and last error: the dead-letter list a user sees.
create table webhooks (
    id          uuid primary key,
    user_id     text        not null,
    url         text        not null,
    secret      text        not null,
    description text        not null default '',
    active      boolean     not null default true,
    created_at  timestamptz not null
);
create index webhooks_by_user on webhooks (user_id);
comment on table webhooks is 'HTTPS endpoints a user registered for AlertTriggered events; secret signs each POST';

create table webhook_deliveries (
    id              uuid primary key,
    webhook_id      uuid        not null references webhooks (id) on delete cascade,
    user_id         text        not null,
    event_id        text        not null,
    status          text        not null check (status in ('pending', 'delivered', 'dead')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    last_status     integer,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    payload         text        not null,
    unique (webhook_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_by_hook on webhook_deliveries (webhook_id, created_at desc);
comment on table webhook_deliveries is 'One event for one webhook; unique per (webhook, event) so a redelivered event is sent once';
