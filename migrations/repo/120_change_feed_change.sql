-- Up Migration
-- Remote clients (issue 19) catch up from the change feed (GET …/wikibase/v1/changes?subscriber=…)
-- after a push failed or while they were away, so a feed entry carries the change as clients
-- receive it: the wb_changes row of the change (when some client needed it; null otherwise),
-- in the wire form dispatch pushes (StoredChangeRow), except that `info` is kept as jsonb as
-- in wb_changes (the feed turns it into the JSON text of the wire form when it sends it).
-- Entries saved before this migration have none.
ALTER TABLE wb_change_feed ADD COLUMN cf_change jsonb;

-- Down Migration
ALTER TABLE wb_change_feed DROP COLUMN cf_change;
