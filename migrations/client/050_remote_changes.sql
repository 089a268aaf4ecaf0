-- Up Migration
-- A client in remote mode (issue 19) receives its repo's changes over HTTP: pushed by the repo
-- (POST …/wikibase/v1/push, signed) and pulled from the repo's change feed to catch up.
--
-- wbc_push_seen: the ids of the pushes accepted, with when. A push whose id is here is a
-- replay and refused (409); a push's id is recorded in the transaction that puts its changes
-- into wbc_change_inbox, so a push is accepted exactly once. A push's timestamp is accepted
-- within the replay window (300 s) either side of the clock, so an id must be kept for twice
-- that; older rows are swept after each push.
CREATE TABLE wbc_push_seen (
  ps_push_id      varchar(64) PRIMARY KEY,
  ps_received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wbc_push_seen_received ON wbc_push_seen (ps_received_at);

-- wbc_pull_cursor: per repo, the feed id up to which the repo's change feed has been read
-- (wikibase:pullChanges); advanced in the transaction that puts the read changes into the inbox.
CREATE TABLE wbc_pull_cursor (
  pc_repo_site_id  varchar(32) PRIMARY KEY,
  pc_feed_id       bigint NOT NULL,
  pc_updated       timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE wbc_pull_cursor;
DROP TABLE wbc_push_seen;
