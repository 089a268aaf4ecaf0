-- Up Migration
-- The action API's sessions and the wiki's generated secrets on a wiki that is a client only
-- (every wiki serves api.php). A repo wiki has them from repo/020_api_sessions.sql, applied
-- before the client's migrations: then these statements find the tables and do nothing.
CREATE TABLE IF NOT EXISTS wb_api_session (
  session_hash      bytea PRIMARY KEY,
  session_user_id   integer,
  session_user_name text,
  session_user_bot  boolean NOT NULL DEFAULT false,
  session_created   timestamptz NOT NULL DEFAULT now(),
  session_expires   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS wb_api_session_expires ON wb_api_session (session_expires);

CREATE TABLE IF NOT EXISTS wb_secret (
  secret_name  text PRIMARY KEY,
  secret_value text NOT NULL
);
