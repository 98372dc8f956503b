-- User ids are the access token's subject, kept as text: this service never sees user-service's tables.
CREATE TABLE portfolios (
    id             uuid PRIMARY KEY,
    user_id        varchar(128) NOT NULL,
    name           varchar(100) NOT NULL,
    quote_currency varchar(12)  NOT NULL,
    cost_basis     varchar(8)   NOT NULL CHECK (cost_basis IN ('FIFO', 'AVERAGE')),
    allow_short    boolean      NOT NULL DEFAULT false,
    archived       boolean      NOT NULL DEFAULT false,
    created_at     timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL
);
CREATE INDEX portfolios_user ON portfolios (user_id, created_at);

CREATE TABLE transactions (
    id           uuid PRIMARY KEY,
    portfolio_id uuid          NOT NULL REFERENCES portfolios (id) ON DELETE CASCADE,
    -- Insertion order breaks ties between transactions at the same instant.
    seq          bigserial     NOT NULL,
    type         varchar(16)   NOT NULL
        CHECK (type IN ('BUY', 'SELL', 'DEPOSIT', 'WITHDRAWAL', 'TRANSFER_IN', 'TRANSFER_OUT', 'FEE')),
    asset        varchar(12)   NOT NULL,
    quantity     numeric(38, 18) NOT NULL CHECK (quantity > 0),
    -- Per unit, in the portfolio's quote currency; a transfer-in carries the cost it left the other portfolio with.
    price        numeric(38, 18) CHECK (price >= 0),
    fee          numeric(38, 18) NOT NULL DEFAULT 0 CHECK (fee >= 0),
    executed_at  timestamptz   NOT NULL,
    transfer_id  uuid,
    note         varchar(500),
    created_at   timestamptz   NOT NULL
);
CREATE INDEX transactions_portfolio ON transactions (portfolio_id, executed_at, seq);
CREATE INDEX transactions_transfer ON transactions (transfer_id) WHERE transfer_id IS NOT NULL;

CREATE TABLE watchlists (
    id         uuid PRIMARY KEY,
    user_id    varchar(128) NOT NULL,
    name       varchar(100) NOT NULL,
    symbols    varchar(25)[] NOT NULL DEFAULT '{}',
    created_at timestamptz  NOT NULL,
    updated_at timestamptz  NOT NULL
);
CREATE INDEX watchlists_user ON watchlists (user_id, created_at);
