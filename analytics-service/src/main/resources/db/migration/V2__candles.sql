-- One row per candle; redeliveries and older revisions never overwrite a newer one (see CandleRepository).
CREATE TABLE candles (
    exchange      text    NOT NULL,
    symbol        text    NOT NULL,
    interval_code text    NOT NULL,
    open_time     bigint  NOT NULL,
    close_time    bigint  NOT NULL,
    open          numeric NOT NULL,
    high          numeric NOT NULL,
    low           numeric NOT NULL,
    close         numeric NOT NULL,
    volume        numeric NOT NULL,
    quote_volume  numeric NOT NULL,
    trades        bigint  NOT NULL,
    closed        boolean NOT NULL,
    revision      bigint  NOT NULL,
    source        text    NOT NULL,
    CONSTRAINT candles_pk PRIMARY KEY (exchange, symbol, interval_code, open_time)
);

-- Queries ask by symbol and interval, across exchanges.
CREATE INDEX candles_by_symbol ON candles (symbol, interval_code, open_time);
