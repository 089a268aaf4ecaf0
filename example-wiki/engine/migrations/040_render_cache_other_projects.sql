-- Up Migration
-- The "In other projects" links of a rendering (the plugin's ParserOutput.otherProjects), kept
-- with its language links so a cached view shows the box too.
ALTER TABLE render_cache ADD COLUMN rc_otherprojects jsonb NOT NULL DEFAULT '[]';
