-- Alert kinds beyond price: percent_move, signal, drawdown and prediction. One table, because the state the
-- evaluators change (armed, last fired, cooldown) and the routes that list, delete and erase alerts are the same for
-- every kind; each kind fills the columns it needs, checked below.
ALTER TABLE alerts ADD COLUMN kind varchar(16) NOT NULL DEFAULT 'price';
ALTER TABLE alerts ALTER COLUMN symbol DROP NOT NULL;
ALTER TABLE alerts ALTER COLUMN direction DROP NOT NULL;
ALTER TABLE alerts DROP CONSTRAINT alerts_direction_check;
ALTER TABLE alerts ALTER COLUMN direction TYPE varchar(8);
ALTER TABLE alerts ALTER COLUMN threshold DROP NOT NULL;
-- A prediction's expected return may be negative, so the threshold's sign is now checked per kind.
ALTER TABLE alerts DROP CONSTRAINT alerts_threshold_check;
ALTER TABLE alerts
    ADD COLUMN window_seconds  bigint,
    ADD COLUMN signal_kind     varchar(64),
    ADD COLUMN candle_interval varchar(4),
    -- Deleting the portfolio deletes its drawdown alerts (and their history).
    ADD COLUMN portfolio_id    uuid REFERENCES portfolios (id) ON DELETE CASCADE,
    ADD COLUMN metric          varchar(20),
    -- drawdown: the highest value since the alert was created or last re-armed
    ADD COLUMN peak            numeric(38, 18);
ALTER TABLE alerts ADD CONSTRAINT alerts_kind_fields CHECK (CASE kind
    WHEN 'price' THEN symbol IS NOT NULL AND direction IN ('ABOVE', 'BELOW') AND threshold > 0
    WHEN 'percent_move' THEN symbol IS NOT NULL AND direction IN ('UP', 'DOWN', 'EITHER') AND threshold > 0
        AND window_seconds BETWEEN 60 AND 86400
    WHEN 'signal' THEN symbol IS NOT NULL AND (direction IS NULL OR direction IN ('BULLISH', 'BEARISH'))
    WHEN 'drawdown' THEN portfolio_id IS NOT NULL AND threshold > 0 AND threshold < 100
    WHEN 'prediction' THEN symbol IS NOT NULL AND direction IN ('ABOVE', 'BELOW') AND threshold IS NOT NULL
        AND metric IN ('probability_up', 'expected_return')
    ELSE false END);
CREATE INDEX alerts_portfolio ON alerts (portfolio_id) WHERE portfolio_id IS NOT NULL;

-- History: the kind as AlertTriggered names it; no symbol for a drawdown; the event that caused a firing, so a
-- redelivered signal or prediction is recorded once (NULLs are distinct: trade-driven firings are guarded by the
-- conditional disarm instead).
ALTER TABLE alert_events ADD COLUMN kind varchar(16);
UPDATE alert_events SET kind = CASE direction WHEN 'ABOVE' THEN 'price_above' ELSE 'price_below' END;
ALTER TABLE alert_events ALTER COLUMN kind SET NOT NULL;
ALTER TABLE alert_events ALTER COLUMN symbol DROP NOT NULL;
ALTER TABLE alert_events ALTER COLUMN direction DROP NOT NULL;
ALTER TABLE alert_events ALTER COLUMN direction TYPE varchar(8);
ALTER TABLE alert_events ADD COLUMN source_id varchar(200);
CREATE UNIQUE INDEX alert_events_source ON alert_events (alert_id, source_id);
