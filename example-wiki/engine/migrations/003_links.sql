-- Up Migration
-- Link tables, rewritten from each parse (LinksUpdate).
CREATE TABLE pagelinks (
  pl_from      integer NOT NULL,
  pl_namespace integer NOT NULL,
  pl_title     text NOT NULL,
  PRIMARY KEY (pl_from, pl_namespace, pl_title)
);
CREATE INDEX pagelinks_target ON pagelinks (pl_namespace, pl_title);

CREATE TABLE templatelinks (
  tl_from      integer NOT NULL,
  tl_namespace integer NOT NULL,
  tl_title     text NOT NULL,
  PRIMARY KEY (tl_from, tl_namespace, tl_title)
);
CREATE INDEX templatelinks_target ON templatelinks (tl_namespace, tl_title);

CREATE TABLE page_props (
  pp_page     integer NOT NULL,
  pp_propname text NOT NULL,
  pp_value    text NOT NULL,
  PRIMARY KEY (pp_page, pp_propname)
);

CREATE TABLE langlinks (
  ll_from  integer NOT NULL,
  ll_site  text NOT NULL,
  ll_lang  text NOT NULL,
  ll_title text NOT NULL,
  ll_url   text NOT NULL,
  PRIMARY KEY (ll_from, ll_site)
);
