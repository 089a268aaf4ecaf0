-- Up Migration
-- Beyond Wikibase: entities whose page count on this wiki changed and whose row in the repo's
-- wb_entity_usage_counts (repo/040) is still to be brought in line. A farm client's page save
-- marks the entities it gained or lost here, in its own transaction, instead of writing the
-- repo (plugin/client/usage/usage-count-outbox.ts); wikibase:syncUsageCounts recounts them
-- from wbc_entity_usage and writes the absolute count, then deletes the rows it wrote unless
-- a save marked them again meanwhile (uo_generation moved on). Subscriptions are not in here:
-- a farm save still writes wb_changes_subscription itself, so that table stays exact.
CREATE TABLE wbc_usage_count_outbox (
  uo_entity_id   text PRIMARY KEY,
  uo_generation  bigint NOT NULL DEFAULT 0,
  uo_queued_at   timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE wbc_usage_count_outbox;
