-- Up Migration
-- Page protection of entity pages (MediaWiki's page_restrictions, keyed by entity instead of
-- page: the host owns the pages, the plugin enforces the restrictions on every entity edit).
-- One row per restricted action (`edit`, `move`); `pr_level` is a restriction level such as
-- `autoconfirmed` or `sysop` (plugin/repo/entities/protection-rules.ts maps it to the right an
-- editor needs). `pr_expiry` NULL is MediaWiki's `infinity`; an expired row is ignored by readers
-- and replaced by the next protect.
CREATE TABLE wb_entity_protections (
  pr_entity_id  varchar(32) NOT NULL REFERENCES wb_entities (entity_id),
  pr_type       varchar(60) NOT NULL,
  pr_level      varchar(60) NOT NULL,
  pr_expiry     timestamptz NULL,
  PRIMARY KEY (pr_entity_id, pr_type)
);

-- Down Migration
DROP TABLE wb_entity_protections;
