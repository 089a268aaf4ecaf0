-- Up Migration
-- Beyond Wikibase (issue 18): a repo's changes wait here until the client's
-- wikibase:handleInbox job drains them in batches. The repo's push inserts rows and queues
-- one keyed drain job; a replayed push finds its rows (or their handled-change records) and
-- adds nothing. The row is the wb_changes row as the repo stored it (StoredChangeRow).
CREATE TABLE wbc_change_inbox (
  ci_repo_site_id  varchar(32) NOT NULL,
  ci_change_id     bigint NOT NULL,
  ci_change        jsonb NOT NULL,
  ci_received_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ci_repo_site_id, ci_change_id)
);

-- Down Migration
DROP TABLE wbc_change_inbox;
