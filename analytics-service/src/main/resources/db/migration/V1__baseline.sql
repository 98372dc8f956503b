-- Flyway creates the schema; this records who owns it, so nobody else writes into it.
COMMENT ON SCHEMA analytics IS 'Owned by analytics-service. Other services must not read or write it.';
