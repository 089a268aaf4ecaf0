-- Up Migration
-- A counter bumped by every write to the sites registry, so each process's SiteLookup can
-- tell with one tiny query whether its cached copy is stale (also after writes by other
-- processes, the CLI, or by hand in psql).
CREATE TABLE sites_version (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version    bigint NOT NULL DEFAULT 0
);
INSERT INTO sites_version DEFAULT VALUES;

-- The schema is taken from the table that fired, so the function works whatever the
-- session's search_path is.
CREATE FUNCTION sites_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('UPDATE %I.sites_version SET version = version + 1', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$$;

CREATE TRIGGER sites_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sites
  FOR EACH STATEMENT EXECUTE FUNCTION sites_version_bump();
CREATE TRIGGER site_identifiers_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON site_identifiers
  FOR EACH STATEMENT EXECUTE FUNCTION sites_version_bump();

-- Down Migration
DROP TRIGGER site_identifiers_version_bump ON site_identifiers;
DROP TRIGGER sites_version_bump ON sites;
DROP FUNCTION sites_version_bump();
DROP TABLE sites_version;
