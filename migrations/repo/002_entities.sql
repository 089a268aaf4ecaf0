-- Up Migration
-- The repo's entity store: one row per entity (its latest revision and page state) and one
-- row per saved revision holding the entity in canonical Wikibase JSON.

-- Next numeric id per entity type (Wikibase's id counters). Allocation increments the row
-- inside the creating transaction: concurrent creations queue on the row lock, so no id is
-- handed out twice, and a rolled-back creation gives its id back (no gap).
CREATE TABLE wb_id_counters (
  id_type   varchar(32) PRIMARY KEY,
  id_value  bigint NOT NULL DEFAULT 0 CHECK (id_value >= 0)
);
INSERT INTO wb_id_counters (id_type, id_value) VALUES ('item', 0), ('property', 0);

CREATE TABLE wb_entities (
  entity_id               varchar(32) PRIMARY KEY,
  entity_type             varchar(32) NOT NULL,
  entity_numeric_id       bigint NOT NULL,
  -- 0 until the first revision is saved (and for redirect stubs)
  entity_latest_rev       bigint NOT NULL DEFAULT 0,
  -- the host's page id of the entity page, once the host recorded an edit (0: unknown)
  entity_page_id          bigint NOT NULL DEFAULT 0,
  entity_deleted          boolean NOT NULL DEFAULT false,
  entity_redirect_target  varchar(32) NULL
);
CREATE INDEX wb_entities_type_numeric_id ON wb_entities (entity_type, entity_numeric_id);

CREATE TABLE wb_entity_revisions (
  rev_id         bigserial PRIMARY KEY,
  rev_entity_id  varchar(32) NOT NULL REFERENCES wb_entities (entity_id),
  rev_parent_id  bigint NOT NULL DEFAULT 0,
  rev_user_id    bigint NOT NULL DEFAULT 0,
  rev_user_text  varchar(255) NOT NULL DEFAULT '',
  rev_timestamp  timestamptz NOT NULL,
  rev_comment    text NOT NULL DEFAULT '',
  rev_bot        boolean NOT NULL DEFAULT false,
  -- `json`, not `jsonb`: it keeps the text as written, so key order (label languages,
  -- statement groups, sitelinks) round-trips exactly as Special:EntityData gave it.
  rev_content    json NOT NULL
);
CREATE INDEX wb_entity_revisions_entity ON wb_entity_revisions (rev_entity_id, rev_id);

-- Down Migration
DROP TABLE wb_entity_revisions;
DROP TABLE wb_entities;
DROP TABLE wb_id_counters;
