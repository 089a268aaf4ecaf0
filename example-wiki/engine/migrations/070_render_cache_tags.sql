-- Up Migration
-- The cache tags of a rendering (the plugin's `app.wikibase.cacheTagsForPage`: `wb-Q42`,
-- `wb-Q42-L.en` …), sent as the `xkey` header of the page view and matched by the host service
-- purgeCacheTags, which drops every rendering that carries one of the purged tags. NULL: not
-- known yet (a rendering cached by a save or links refresh, whose usages commit with it); such a
-- rendering gets its tags on its first view, and any tag purge drops it until then.
ALTER TABLE render_cache ADD COLUMN rc_tags text[];
CREATE INDEX render_cache_tags ON render_cache USING gin (rc_tags);
