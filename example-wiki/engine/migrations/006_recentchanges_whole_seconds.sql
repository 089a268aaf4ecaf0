-- Up Migration
-- One precision for every row of recentchanges: whole seconds, as MediaWiki's rc_timestamp
-- (TS_MW, 14 digits). Rows the plugin injects for repo changes carry the repo change's
-- whole-second time; local edits carried milliseconds, so a repo row of the same second sorted
-- below a local edit made before it. Within a second rows are ordered by rc_id (insertion order).
-- The store truncates (insertRecentChange); timestamptz(0) would round, so it only declares it.
UPDATE recentchanges SET rc_timestamp = date_trunc('second', rc_timestamp) WHERE rc_timestamp <> date_trunc('second', rc_timestamp);
ALTER TABLE recentchanges
  ALTER COLUMN rc_timestamp TYPE timestamptz(0),
  ALTER COLUMN rc_timestamp SET DEFAULT date_trunc('second', now());
