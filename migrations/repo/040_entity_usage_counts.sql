-- Up Migration
-- Beyond Wikibase: how many pages of each client use each entity, kept on the repo next to
-- wb_changes_subscription and written by the clients with it (plugin/repo-reader/
-- entity-usage-counts.ts). A client recounts its pages per entity from its own
-- wbc_entity_usage whenever a page's usages of that entity change, so the row is a fresh
-- count, never an increment that could drift. No row: no page of that client uses it.
-- `repoSettings.protectEntitiesUsedOnMoreThan` reads the sum over clients; item pages show it.
CREATE TABLE wb_entity_usage_counts (
  uc_entity_id  varchar(255) NOT NULL,
  uc_site_id    varchar(32) NOT NULL,
  uc_pages      integer NOT NULL CHECK (uc_pages > 0),
  PRIMARY KEY (uc_entity_id, uc_site_id)
);
-- Dropping a removed client's rows (orphan sweep) goes by site.
CREATE INDEX wb_entity_usage_counts_site ON wb_entity_usage_counts (uc_site_id);

-- Down Migration
DROP TABLE wb_entity_usage_counts;
