-- Flyway creates the schema; this records who owns it, so nobody else writes into it.
COMMENT ON SCHEMA sentiment IS 'Owned by sentiment-service. Other services must not read or write it.';
