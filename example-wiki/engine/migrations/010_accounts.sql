-- Up Migration
-- Accounts: a password hash (argon2id, PHC string; null = no login) per user, user groups as
-- MediaWiki's user_groups, and server-side login sessions keyed by the SHA-256 of the session
-- id (the cookie holds the id, signed), so that logout ends a session everywhere.
ALTER TABLE wiki_user ADD COLUMN user_password text;

CREATE TABLE user_groups (
  ug_user  integer NOT NULL REFERENCES wiki_user (user_id) ON DELETE CASCADE,
  ug_group text NOT NULL,
  PRIMARY KEY (ug_user, ug_group)
);

CREATE TABLE wiki_session (
  ws_hash    bytea PRIMARY KEY,
  ws_user    integer NOT NULL REFERENCES wiki_user (user_id) ON DELETE CASCADE,
  ws_created timestamptz NOT NULL DEFAULT now(),
  ws_expires timestamptz NOT NULL
);
CREATE INDEX wiki_session_expires ON wiki_session (ws_expires);
