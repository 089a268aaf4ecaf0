-- Up Migration
-- MediaWiki's watchlist (a user's watched titles; a title need not exist) and user_properties
-- (a user's preferences that differ from the defaults, e.g. Wikibase client's `rcshowwikidata`
-- and `wlshowwikibase`), trimmed to what the example engine uses.
CREATE TABLE watchlist (
  wl_user      integer NOT NULL REFERENCES wiki_user (user_id) ON DELETE CASCADE,
  wl_namespace integer NOT NULL,
  wl_title     text NOT NULL,
  PRIMARY KEY (wl_user, wl_namespace, wl_title)
);
-- Special:Watchlist joins recentchanges (index recentchanges_page) on the title.

CREATE TABLE user_properties (
  up_user     integer NOT NULL REFERENCES wiki_user (user_id) ON DELETE CASCADE,
  up_property text NOT NULL CHECK (length(up_property) BETWEEN 1 AND 255),
  up_value    text NOT NULL CHECK (length(up_value) <= 1000),
  PRIMARY KEY (up_user, up_property)
);

-- Down Migration
DROP TABLE user_properties;
DROP TABLE watchlist;
