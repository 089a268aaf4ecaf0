-- Up Migration
-- MediaWiki core's sites registry (facts §1.7): every wiki knows every site of the farm.
CREATE TABLE sites (
  site_id          serial PRIMARY KEY,
  site_global_key  varchar(32) NOT NULL,
  site_type        varchar(32) NOT NULL DEFAULT 'unknown',
  site_group       varchar(32) NOT NULL DEFAULT 'none',
  site_source      varchar(32) NOT NULL DEFAULT 'local',
  site_language    varchar(32) NOT NULL DEFAULT '',
  site_protocol    varchar(32) NOT NULL DEFAULT '',
  -- host reversed with a trailing dot (en.wikipedia.org → gro.aidepikiw.ne.), for suffix lookups
  site_domain      varchar(255) NOT NULL DEFAULT '.',
  site_data        jsonb NOT NULL DEFAULT '{}',
  site_forward     boolean NOT NULL DEFAULT false,
  site_config      jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT sites_global_key UNIQUE (site_global_key)
);
CREATE INDEX sites_type ON sites (site_type);
CREATE INDEX sites_group ON sites (site_group);
CREATE INDEX sites_source ON sites (site_source);
CREATE INDEX sites_language ON sites (site_language);
CREATE INDEX sites_protocol ON sites (site_protocol);
CREATE INDEX sites_domain ON sites (site_domain);
CREATE INDEX sites_forward ON sites (site_forward);

-- Local prefixes of a site: interwiki prefixes and language-link navigation ids ('equivalent').
CREATE TABLE site_identifiers (
  si_type  varchar(32) NOT NULL CHECK (si_type IN ('interwiki', 'equivalent')),
  si_key   varchar(32) NOT NULL,
  si_site  integer NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,
  PRIMARY KEY (si_type, si_key)
);
CREATE INDEX site_ids_site ON site_identifiers (si_site);
CREATE INDEX site_ids_key ON site_identifiers (si_key);

-- Down Migration
DROP TABLE site_identifiers;
DROP TABLE sites;
