-- Up Migration
-- Beyond Wikibase: clients remember which repo changes they handled, so a notification
-- delivered twice (at-least-once delivery) is handled once.
CREATE TABLE wbc_handled_changes (
  hc_repo_site_id  varchar(32) NOT NULL,
  hc_change_id     bigint NOT NULL,
  hc_handled_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hc_repo_site_id, hc_change_id)
);
CREATE INDEX wbc_handled_changes_handled_at ON wbc_handled_changes (hc_handled_at);

-- One recentchanges row per (repo change, page): the unique key that keeps a replayed
-- InjectRCRecords job from inserting a second row.
CREATE TABLE wbc_injected_recent_changes (
  ir_repo_site_id  varchar(32) NOT NULL,
  ir_change_key    varchar(255) NOT NULL,
  ir_page_id       integer NOT NULL,
  ir_rc_id         bigint,
  PRIMARY KEY (ir_repo_site_id, ir_change_key, ir_page_id)
);

-- Down Migration
DROP TABLE wbc_injected_recent_changes;
DROP TABLE wbc_handled_changes;
