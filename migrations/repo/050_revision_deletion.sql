-- Up Migration
-- Revision deletion and suppression (MediaWiki's rev_deleted bit field, RevisionRecord's
-- DELETED_TEXT 1, DELETED_COMMENT 2, DELETED_USER 4, DELETED_RESTRICTED 8): what of a repo
-- revision is hidden from whom. Written by `action=revisiondelete`
-- (plugin/repo/revision-deletion/), read by the revision listings and propagated to clients'
-- recentchanges rows as `rc_deleted`.
ALTER TABLE wb_entity_revisions
  ADD COLUMN rev_deleted smallint NOT NULL DEFAULT 0 CHECK (rev_deleted BETWEEN 0 AND 15);

-- Down Migration
ALTER TABLE wb_entity_revisions DROP COLUMN rev_deleted;
