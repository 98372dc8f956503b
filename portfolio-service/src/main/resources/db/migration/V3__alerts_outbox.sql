-- Price alerts. An alert fires when the price crosses its threshold while armed, then disarms; it re-arms once the
-- price is back beyond the hysteresis band, and fires again no sooner than the cooldown after the last time.
CREATE TABLE alerts (
    id                uuid PRIMARY KEY,
    user_id           varchar(128)    NOT NULL,
    symbol            varchar(25)     NOT NULL,
    direction         varchar(5)      NOT NULL CHECK (direction IN ('ABOVE', 'BELOW')),
    threshold         numeric(38, 18) NOT NULL CHECK (threshold > 0),
    hysteresis        numeric(38, 18) NOT NULL DEFAULT 0 CHECK (hysteresis >= 0),
    cooldown_seconds  bigint          NOT NULL DEFAULT 0 CHECK (cooldown_seconds >= 0),
    enabled           boolean         NOT NULL DEFAULT true,
    armed             boolean         NOT NULL DEFAULT true,
    last_triggered_at timestamptz,
    note              varchar(200),
    created_at        timestamptz     NOT NULL
);
CREATE INDEX alerts_user ON alerts (user_id, created_at);
CREATE INDEX alerts_symbol ON alerts (symbol) WHERE enabled;

CREATE TABLE alert_events (
    id              uuid PRIMARY KEY,
    alert_id        uuid            NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    user_id         varchar(128)    NOT NULL,
    symbol          varchar(25)     NOT NULL,
    direction       varchar(5)      NOT NULL,
    observed        numeric(38, 18) NOT NULL,
    threshold       numeric(38, 18) NOT NULL,
    triggered_at    timestamptz     NOT NULL,
    acknowledged_at timestamptz,
    message         varchar(300)    NOT NULL
);
CREATE INDEX alert_events_user ON alert_events (user_id, triggered_at DESC);

-- Events written in the same transaction as the change they announce; OutboxRelay publishes them.
CREATE TABLE outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic      text        NOT NULL,
    event_key  text        NOT NULL,
    event_type text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
