-- Indicator values of closed candles; provisional ones live only in Redis.
CREATE TABLE indicators (
    symbol        text   NOT NULL,
    interval_code text   NOT NULL,
    open_time     bigint NOT NULL,
    indicator_values jsonb NOT NULL,
    CONSTRAINT indicators_pk PRIMARY KEY (symbol, interval_code, open_time)
);

CREATE TABLE signals (
    symbol        text             NOT NULL,
    interval_code text             NOT NULL,
    kind          text             NOT NULL,
    open_time     bigint           NOT NULL,
    direction     text             NOT NULL,
    value         double precision NOT NULL,
    threshold     double precision NOT NULL,
    CONSTRAINT signals_pk PRIMARY KEY (symbol, interval_code, kind, open_time)
);

CREATE INDEX signals_by_time ON signals (open_time);
