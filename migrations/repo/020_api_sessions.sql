-- Up Migration
-- Sessions of the repo's action API (action=login), kept server-side so that logout ends them
-- and several web nodes share them. The cookie carries only the random session id, signed; the
-- table keeps its SHA-256, so a copy of the table does not give anyone a working cookie.
CREATE TABLE wb_api_session (
  session_hash      bytea PRIMARY KEY,
  -- null: an anonymous session that only holds a login token
  session_user_id   integer,
  session_user_name text,
  -- the account is a bot account (as the host said at login); whether it holds the `bot` right
  -- is asked of the host on every request
  session_user_bot  boolean NOT NULL DEFAULT false,
  session_created   timestamptz NOT NULL DEFAULT now(),
  session_expires   timestamptz NOT NULL
);
CREATE INDEX wb_api_session_expires ON wb_api_session (session_expires);

-- Secrets generated once per wiki (the session cookie key when the `sessionSecret` option is
-- not given), so restarts and every process of the wiki agree.
CREATE TABLE wb_secret (
  secret_name  text PRIMARY KEY,
  secret_value text NOT NULL
);
