-- Up Migration
-- The change buffer (facts §1.1): rows live until DispatchChanges delivered them.
CREATE TABLE wb_changes (
  change_id           bigserial PRIMARY KEY,
  change_type         varchar(25) NOT NULL,
  change_time         timestamptz NOT NULL DEFAULT now(),
  change_object_id    varchar(255) NOT NULL,
  change_revision_id  bigint NOT NULL DEFAULT 0,
  change_user_id      bigint NOT NULL DEFAULT 0,
  change_info         jsonb NOT NULL
);
CREATE INDEX wb_changes_change_time ON wb_changes (change_time);
CREATE INDEX wb_changes_change_revision_id ON wb_changes (change_revision_id);
CREATE INDEX wb_changes_change_object_id ON wb_changes (change_object_id);

-- Which client wiki uses which entity (facts §1.3); written by the clients.
CREATE TABLE wb_changes_subscription (
  cs_row_id         bigserial PRIMARY KEY,
  cs_entity_id      varchar(255) NOT NULL,
  cs_subscriber_id  varchar(255) NOT NULL,
  CONSTRAINT wb_changes_subscription_entity_subscriber UNIQUE (cs_entity_id, cs_subscriber_id)
);
CREATE INDEX wb_changes_subscription_subscriber ON wb_changes_subscription (cs_subscriber_id);

-- One row per sitelink of the latest item revisions (facts §1.4): one item per (site, page).
CREATE TABLE wb_items_per_site (
  ips_row_id     bigserial PRIMARY KEY,
  ips_item_id    bigint NOT NULL,
  ips_site_id    varchar(32) NOT NULL,
  ips_site_page  varchar(310) NOT NULL,
  CONSTRAINT wb_ips_item_site_page UNIQUE (ips_site_id, ips_site_page)
);
CREATE INDEX wb_ips_item_id ON wb_items_per_site (ips_item_id);

-- Down Migration
DROP TABLE wb_items_per_site;
DROP TABLE wb_changes_subscription;
DROP TABLE wb_changes;
