-- Up Migration
-- rc_deleted holds MediaWiki's visibility bits (1 text, 2 comment, 4 user, 8 suppressed), not
-- a flag: a repo revision whose comment or user was hidden reaches the rows injected from it
-- (the plugin's host service updateRecentChangesVisibility), and Special:RecentChanges shows
-- what is hidden struck through.
ALTER TABLE recentchanges ALTER COLUMN rc_deleted DROP DEFAULT;
ALTER TABLE recentchanges ALTER COLUMN rc_deleted TYPE smallint USING (CASE WHEN rc_deleted THEN 1 ELSE 0 END);
ALTER TABLE recentchanges ALTER COLUMN rc_deleted SET DEFAULT 0;
ALTER TABLE recentchanges ADD CONSTRAINT recentchanges_deleted_bits CHECK (rc_deleted BETWEEN 0 AND 15);
-- Injected rows are found by the repo revision they came from.
CREATE INDEX recentchanges_repo_change ON recentchanges
  ((rc_params -> 'wikibase-repo-change' ->> 'object_id'), (rc_params -> 'wikibase-repo-change' ->> 'revision_id')) WHERE rc_source = 'wb';

-- Down Migration
DROP INDEX recentchanges_repo_change;
ALTER TABLE recentchanges DROP CONSTRAINT recentchanges_deleted_bits;
ALTER TABLE recentchanges ALTER COLUMN rc_deleted DROP DEFAULT;
ALTER TABLE recentchanges ALTER COLUMN rc_deleted TYPE boolean USING (rc_deleted <> 0);
ALTER TABLE recentchanges ALTER COLUMN rc_deleted SET DEFAULT false;
