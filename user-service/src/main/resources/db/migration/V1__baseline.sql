-- Flyway creates the schema; this records who owns it, so nobody else writes into it.
COMMENT ON SCHEMA users IS 'Owned by user-service. Other services must not read or write it.';
