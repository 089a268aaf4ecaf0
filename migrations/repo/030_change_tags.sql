-- Up Migration
-- Change tags, as MediaWiki keeps them: the defined tags (change_tag_def: name, whether a user
-- defined it with action=managetags or the software did, whether it may be applied now, a
-- description) and the tags applied to each entity revision (MediaWiki's change_tag rows of
-- a revision). Tags are written with the revision, in the edit's transaction
-- (plugin/repo/change-tags/change-tag-store.ts).
CREATE TABLE wb_change_tag_def (
  ctd_id            serial PRIMARY KEY,
  ctd_name          varchar(255) NOT NULL UNIQUE,
  -- true: created with action=managetags (ChangeTags::listExplicitlyDefinedTags); false: software-defined
  ctd_user_defined  boolean NOT NULL,
  -- may be applied to new edits (a user-defined tag is active until deactivated)
  ctd_active        boolean NOT NULL DEFAULT true,
  ctd_description   text NOT NULL DEFAULT '',
  -- how many revisions carry it (MediaWiki's ctd_count)
  ctd_count         bigint NOT NULL DEFAULT 0
);

CREATE TABLE wb_revision_tags (
  rt_rev_id  bigint NOT NULL REFERENCES wb_entity_revisions (rev_id),
  rt_tag_id  integer NOT NULL REFERENCES wb_change_tag_def (ctd_id) ON DELETE CASCADE,
  PRIMARY KEY (rt_rev_id, rt_tag_id)
);
CREATE INDEX wb_revision_tags_tag ON wb_revision_tags (rt_tag_id, rt_rev_id);

-- The tag management log (MediaWiki's `managetags` log type): action=managetags answers its id.
CREATE TABLE wb_change_tag_log (
  log_id         bigserial PRIMARY KEY,
  log_action     varchar(16) NOT NULL,
  log_tag        varchar(255) NOT NULL,
  log_user_id    bigint NOT NULL DEFAULT 0,
  log_user_text  varchar(255) NOT NULL DEFAULT '',
  log_reason     text NOT NULL DEFAULT '',
  -- for a deletion: how many revisions carried the tag
  log_count      bigint NULL,
  log_timestamp  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE wb_change_tag_log;
DROP TABLE wb_revision_tags;
DROP TABLE wb_change_tag_def;
