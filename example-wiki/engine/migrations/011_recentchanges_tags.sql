-- Up Migration
-- The change tags of each recentchanges row (MediaWiki keeps them in change_tag rows keyed by
-- rc_id; one array column is enough for this wiki, which only lists them with the row). An
-- entity edit's tags come from the plugin (EntityPageEdit.tags).
ALTER TABLE recentchanges ADD COLUMN rc_tags text[] NOT NULL DEFAULT '{}';
