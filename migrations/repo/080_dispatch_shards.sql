-- Up Migration
-- Beyond Wikibase: dispatch runs per shard, over the changes of many entities at once
-- (plugin/repo/dispatch/dispatch-shard.ts). A row keeps the shard it was queued in; rows
-- made before this migration are all in shard 0 (new changes of their entities follow them
-- there until they are dispatched, so no entity's changes are split over two shards).
-- change_dispatched: a dispatch assigned the row to the clients still waiting for it; the
-- partial index then holds only the rows a dispatch run has yet to take, so a client that is
-- down for hours (its rows stay) does not slow every run down.
ALTER TABLE wb_changes
  ADD COLUMN change_shard smallint NOT NULL DEFAULT 0,
  ADD COLUMN change_dispatched boolean NOT NULL DEFAULT false;
UPDATE wb_changes c SET change_dispatched = true
 WHERE EXISTS (SELECT 1 FROM wb_changes_delivery d WHERE d.cd_change_id = c.change_id);
CREATE INDEX wb_changes_undispatched ON wb_changes (change_shard, change_id) WHERE NOT change_dispatched;

-- Down Migration
DROP INDEX wb_changes_undispatched;
ALTER TABLE wb_changes DROP COLUMN change_dispatched, DROP COLUMN change_shard;
