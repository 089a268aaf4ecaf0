-- Up Migration
-- Pages are found by a page prop they carry (MediaWiki's pp_propname_page index):
-- Special:UnconnectedPages lists the pages with `unexpectedUnconnectedPage`.
CREATE INDEX page_props_propname_page ON page_props (pp_propname, pp_page);

-- Down Migration
DROP INDEX page_props_propname_page;
